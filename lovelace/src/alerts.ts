// The alert panel's data source: `fajma/alerts` + `fajma/alerts/subscribe`, kept alive.
import type { FajmaAlert, FajmaAlerts, HassEntity, HomeAssistant } from "./types";

export type AlertsState =
  | { kind: "loading" }
  | { kind: "unsupported" }
  | { kind: "error"; message: string }
  | { kind: "ready"; data: FajmaAlerts };

type Unsub = () => Promise<void> | void;

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === "object" && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err && typeof err === "object" && "message" in err ? String(err.message) : String(err);
}

/** Accept the API's shape defensively (missing lists become empty). */
export function normaliseAlerts(raw: unknown): FajmaAlerts {
  const r = (raw ?? {}) as Partial<FajmaAlerts>;
  const list = (x: unknown): FajmaAlert[] =>
    Array.isArray(x) ? (x.filter((a) => a && typeof a === "object" && "alert_id" in a) as FajmaAlert[]) : [];
  return { active: list(r.active), history: list(r.history) };
}

const PRIORITY_RANK: Record<string, number> = { critical: 3, high: 3, warning: 2, medium: 2, info: 1 };


/**
 * The history is a list of transitions, newest first: one entry per alert (the newest
 * transition shows it), with its transitions oldest first.
 */
export function groupHistory(history: FajmaAlert[]): { latest: FajmaAlert; transitions: FajmaAlert[] }[] {
  const groups = new Map<string, FajmaAlert[]>();
  for (const item of history) {
    const list = groups.get(item.alert_id);
    if (list) list.push(item);
    else groups.set(item.alert_id, [item]);
  }
  const rank = (a: FajmaAlert) => PRIORITY_RANK[a.priority] ?? 0;
  // The alert shows at its most urgent (a resolved transition is only "info").
  return [...groups.values()].map((items) => ({
    latest: items.reduce((best, a) => (rank(a) > rank(best) ? a : best), items[0]),
    transitions: [...items].reverse(),
  }));
}

/** A subscription message that is an alerts snapshot (anything else ends the subscription). */
function isSnapshot(raw: unknown): boolean {
  return !!raw && typeof raw === "object" && ("active" in raw || "history" in raw);
}

export interface AlertsSourceTiming {
  /** First retry after a failure; doubles up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long the alert entity may disagree with the subscription before it is renewed. */
  graceMs: number;
}

export const DEFAULT_TIMING: AlertsSourceTiming = { retryBaseMs: 1_000, retryMaxMs: 30_000, graceMs: 1_500 };

/**
 * Loads the alerts of one device and follows the subscription, and keeps following it:
 *
 * - a failed load or subscribe (e.g. the entry is reloading: `not_found`) is retried with
 *   backoff; the last alerts stay on screen meanwhile;
 * - a subscription message that is not a snapshot (the server ending the subscription),
 *   the websocket reconnecting (`ready`), or the patient's entities coming back from
 *   `unavailable` (the entry was reloaded) renews it;
 * - when the integration's `alert_active` entity disagrees with the subscription for longer
 *   than a grace period (the subscription died silently), it is renewed too.
 *
 * `unknown_command` (API absent) gives `unsupported`, and the panel hides.
 */
export class AlertsSource {
  private unsubscribe?: Unsub;
  private closed = false;
  private generation = 0;
  private failures = 0;
  private renewals = 0;
  private mismatches = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private graceTimer?: ReturnType<typeof setTimeout>;
  private data?: FajmaAlerts;
  private alertEntity?: HassEntity;
  private entryDown = false;
  private readonly onReady = () => this.renew("reconnected");
  private readonly onDisconnected = () => {
    // The socket is gone and its subscriptions with it: never send their unsubscribe on
    // the next socket (ids start again at 1 there).
    this.unsubscribe = undefined;
  };

  constructor(
    private hass: HomeAssistant,
    private readonly deviceId: string,
    private readonly onChange: (state: AlertsState) => void,
    private readonly timing: AlertsSourceTiming = DEFAULT_TIMING,
  ) {}

  /** The latest `hass` (its connection is used for the next subscription). */
  setHass(hass: HomeAssistant): void {
    if (hass.connection !== this.hass.connection) {
      this.unlisten();
      this.hass = hass;
      this.listen();
    } else {
      this.hass = hass;
    }
  }

  async start(): Promise<void> {
    this.onChange({ kind: "loading" });
    this.listen();
    await this.connect();
  }

  stop(): void {
    this.closed = true;
    this.generation += 1;
    this.unlisten();
    clearTimeout(this.retryTimer);
    clearTimeout(this.graceTimer);
    this.retryTimer = this.graceTimer = undefined;
    this.dropSubscription();
  }

  /** How many times the subscription was renewed (for tests and diagnostics). */
  get renewCount(): number {
    return this.renewals;
  }

  /**
   * Compare with the integration's `alert_active` entity (its `count` and most urgent
   * `alert_id`), and notice the entry coming back after a reload (unavailable → available).
   */
  check(alertActive: HassEntity | undefined): void {
    if (this.closed || !alertActive || alertActive === this.alertEntity) return;
    const previous = this.alertEntity;
    this.alertEntity = alertActive;
    if (alertActive.state === "unavailable") {
      this.entryDown = true;
      return;
    }
    // Back from unavailable; or the same state with a new last_changed: it went through
    // another state in between that this card did not see (updates arrived together).
    const roundTrip =
      previous !== undefined &&
      previous.state === alertActive.state &&
      previous.last_changed !== alertActive.last_changed;
    if (this.entryDown || roundTrip) {
      this.entryDown = false;
      this.renew("entry reloaded");
      return;
    }
    this.watch();
  }

  private listen(): void {
    this.hass.connection.addEventListener?.("ready", this.onReady);
    this.hass.connection.addEventListener?.("disconnected", this.onDisconnected);
  }

  private unlisten(): void {
    this.hass.connection.removeEventListener?.("ready", this.onReady);
    this.hass.connection.removeEventListener?.("disconnected", this.onDisconnected);
  }

  private dropSubscription(): void {
    const unsub = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsub) void Promise.resolve(unsub()).catch(() => undefined);
  }

  /** End the current subscription (if any) and load + subscribe again now. */
  private renew(_reason: string): void {
    if (this.closed) return;
    this.renewals += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.dropSubscription();
    void this.connect();
  }

  private retry(): void {
    if (this.closed) return;
    const delay = Math.min(this.timing.retryMaxMs, this.timing.retryBaseMs * 2 ** this.failures);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.renew("retry");
    }, delay);
  }

  private publish(raw: unknown): void {
    this.data = normaliseAlerts(raw);
    this.onChange({ kind: "ready", data: this.data });
    this.watch();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const current = () => !this.closed && generation === this.generation;
    let initial: unknown;
    try {
      initial = await this.hass.callWS({ type: "fajma/alerts", device_id: this.deviceId });
    } catch (err) {
      if (!current()) return;
      if (errorCode(err) === "unknown_command") {
        this.onChange({ kind: "unsupported" });
        return;
      }
      // Keep showing the last alerts while the entry reloads; say so only when there are none.
      if (!this.data) this.onChange({ kind: "error", message: errorMessage(err) });
      this.retry();
      return;
    }
    if (!current()) return;
    this.publish(initial);
    try {
      const unsub = await this.hass.connection.subscribeMessage<unknown>(
        (msg) => {
          if (!current()) return;
          if (!isSnapshot(msg)) {
            this.renew("ended by the server");
            return;
          }
          this.failures = 0;
          this.publish(msg);
        },
        { type: "fajma/alerts/subscribe", device_id: this.deviceId },
        // Re-subscribed here (with a fresh snapshot), not blindly by the websocket library.
        { resubscribe: false },
      );
      if (!current()) {
        void Promise.resolve(unsub()).catch(() => undefined);
        return;
      }
      this.unsubscribe = unsub;
      this.failures = 0;
    } catch {
      if (current()) this.retry();
    }
  }

  /** Renew the subscription when the alert entity and the last snapshot disagree for too long. */
  private watch(): void {
    if (!this.disagrees()) {
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      if (this.alertEntity && this.data) this.mismatches = 0;
      return;
    }
    if (this.graceTimer !== undefined) return;
    // Consecutive disagreements wait longer: a persistent mismatch must not hammer the server.
    const wait = Math.min(this.timing.retryMaxMs, this.timing.graceMs * 2 ** this.mismatches);
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (!this.disagrees()) return;
      this.mismatches += 1;
      this.renew("disagrees with the alert entity");
    }, wait);
  }

  private disagrees(): boolean {
    const entity = this.alertEntity;
    const data = this.data;
    if (!entity || !data || this.entryDown || entity.state === "unavailable") return false;
    const count = entity.attributes.count;
    if (typeof count === "number" && count !== data.active.length) return true;
    const id = entity.attributes.alert_id;
    if (typeof id !== "string") return false;
    const alert = data.active.find((a) => a.alert_id === id);
    if (!alert) return true;
    const acknowledged = entity.attributes.acknowledged;
    return typeof acknowledged === "boolean" && acknowledged !== !!alert.acknowledged;
  }
}
