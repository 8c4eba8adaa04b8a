// "Leaving with unsaved changes asks first": a page with a draft (Setup)
// registers a guard; the app's navigation asks it before leaving the page.

type Guard = () => string | null;
let guard: Guard | null = null;

/** Registers the page's guard (what to say when leaving would lose work, or
 * null when nothing would be lost). Returns the unregister. */
export function setLeaveGuard(next: Guard): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** What leaving the current page would lose, in words; null when nothing. */
export function leaveWarning(): string | null {
  return guard ? guard() : null;
}
