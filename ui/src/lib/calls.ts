// The call list's words and order: the outcomes a call can have (one tap
// each), the language to speak, and which calls are still to make.
import type { CallEntry, CallOutcome } from "./bindings";

export const OUTCOMES: { id: CallOutcome; label: string }[] = [
  { id: "confirmed", label: "Confirmed" },
  { id: "left-message", label: "Left message" },
  { id: "no-answer", label: "No answer" },
  { id: "wrong-number", label: "Wrong number" },
  { id: "wants-change", label: "Wants to change" },
  { id: "wants-cancel", label: "Wants to cancel" },
];

export function outcomeLabel(outcome: string | null | undefined): string {
  return OUTCOMES.find((o) => o.id === outcome)?.label ?? "";
}

export function languageLabel(language: string): string {
  return language === "es" ? "Spanish (español)" : "English";
}

/** Calls still to make first (by visit time), then the ones done. */
export function callOrder(calls: CallEntry[]): { open: CallEntry[]; done: CallEntry[] } {
  const byVisit = (a: CallEntry, b: CallEntry) => a.visit_start.localeCompare(b.visit_start);
  return {
    open: calls.filter((c) => !c.outcome || c.outcome === "no-answer").sort(byVisit),
    done: calls.filter((c) => c.outcome && c.outcome !== "no-answer").sort(byVisit),
  };
}
