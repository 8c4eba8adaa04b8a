// The live date view shared by the Day, Prep and Staff pages: a date, what
// the page loaded for it, and the error if that failed. It refetches when the
// date changes, when appointments change on that date in any window (or
// everything changed), and when the page asks (`refresh`). An answer for a
// date the page has already left is dropped.
//
// Create it while a component initialises (its effects live as long as the
// component).
import { errorMessage, onAppointmentsChanged } from "./api";
import type { AppointmentsChanged } from "./bindings";
import { addDays } from "./time";

export type Subscribe = (listener: (change: AppointmentsChanged) => void) => () => void;

export interface LiveDateOptions<T> {
  /** The date to open on (YYYY-MM-DD). */
  start: string;
  /** Today's date, for the "Today" control. */
  today: () => string;
  /** Fetches the page's view of a date. */
  load: (date: string) => Promise<T>;
  /** Called with each view kept (after `view` is set). */
  loaded?: (view: T) => void;
  /** Change notices; the app-wide feed unless a test passes its own. */
  subscribe?: Subscribe;
}

/** Whether a change notice touches `date` (no dates means "everything"). */
export function touches(change: AppointmentsChanged, date: string): boolean {
  return change.dates.length === 0 || change.dates.includes(date);
}

export class LiveDate<T> {
  date = $state("");
  /** Kept raw: a view is replaced whole, never edited in place, and a big
   * day is not worth a deep reactive proxy. */
  view = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  /** Bumped on each refetch; read it in an effect that must refetch too. */
  version = $state(0);
  readonly #today: () => string;

  constructor(options: LiveDateOptions<T>) {
    this.date = options.start;
    this.#today = options.today;
    const subscribe = options.subscribe ?? onAppointmentsChanged;
    $effect(() =>
      subscribe((change) => {
        if (touches(change, this.date)) this.refresh();
      }),
    );
    $effect(() => {
      const wanted = this.date;
      void this.version;
      if (wanted === "") return;
      options
        .load(wanted)
        .then((view) => {
          if (wanted !== this.date) return;
          this.view = view;
          this.error = null;
          options.loaded?.(view);
        })
        .catch((e: unknown) => {
          if (wanted === this.date) this.error = errorMessage(e);
        });
    });
  }

  /** Fetches the current date again. */
  refresh(): void {
    this.version += 1;
  }

  /** Moves by whole days (negative: back). */
  shift(days: number): void {
    this.date = addDays(this.date, days);
  }

  goToday(): void {
    this.date = this.#today();
  }

  get isToday(): boolean {
    return this.date === this.#today();
  }
}
