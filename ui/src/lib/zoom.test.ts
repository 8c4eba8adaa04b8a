import { describe, expect, it } from "vitest";
import { nextZoom, readZoom } from "./zoom";

describe("page zoom", () => {
  it("steps in and out and back to 100 %", () => {
    expect(nextZoom(1, "=")).toBe(1.1);
    expect(nextZoom(1, "+")).toBe(1.1);
    expect(nextZoom(1.75, "+")).toBe(2);
    expect(nextZoom(1, "-")).toBe(0.9);
    expect(nextZoom(3, "+")).toBe(3);
    expect(nextZoom(0.5, "-")).toBe(0.5);
    expect(nextZoom(2, "0")).toBe(1);
    expect(nextZoom(1, "a")).toBeNull();
  });

  it("reads only a known level", () => {
    expect(readZoom("2")).toBe(2);
    expect(readZoom("7")).toBe(1);
    expect(readZoom(null)).toBe(1);
  });
});
