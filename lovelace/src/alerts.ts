// The alert panel's data source: `fajma/alerts` + `fajma/alerts/subscribe`.
import type { FajmaAlert, FajmaAlerts, HomeAssistant } from "./types";

export type AlertsState =
  | { kind: "loading" }
  | { kind: "unsupported" }
  | { kind: "error"; message: string }
  | { kind: "ready"; data: FajmaAlerts };

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === "object" && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** Accept the API's shape defensively (missing lists become empty). */
export function normaliseAlerts(raw: unknown): FajmaAlerts {
  const r = (raw ?? {}) as Partial<FajmaAlerts>;
  const list = (x: unknown): FajmaAlert[] =>
    Array.isArray(x) ? (x.filter((a) => a && typeof a === "object" && "alert_id" in a) as FajmaAlert[]) : [];
  return { active: list(r.active), history: list(r.history) };
}

/**
 * Loads the alerts of one device and follows the subscription. Calls `onChange` with each
 * new state; `unknown_command` (API absent) gives `unsupported`, and the panel hides.
 */
export class AlertsSource {
  private unsubscribe?: () => Promise<void> | void;
  private closed = false;

  constructor(
    private readonly hass: HomeAssistant,
    private readonly deviceId: string,
    private readonly onChange: (state: AlertsState) => void,
  ) {}

  async start(): Promise<void> {
    this.onChange({ kind: "loading" });
    let initial: unknown;
    try {
      initial = await this.hass.callWS({ type: "fajma/alerts", device_id: this.deviceId });
    } catch (err) {
      if (this.closed) return;
      if (errorCode(err) === "unknown_command") this.onChange({ kind: "unsupported" });
      else {
        const message =
          err && typeof err === "object" && "message" in err ? String(err.message) : String(err);
        this.onChange({ kind: "error", message });
      }
      return;
    }
    if (this.closed) return;
    this.onChange({ kind: "ready", data: normaliseAlerts(initial) });
    try {
      const unsub = await this.hass.connection.subscribeMessage<unknown>(
        (msg) => {
          if (!this.closed) this.onChange({ kind: "ready", data: normaliseAlerts(msg) });
        },
        { type: "fajma/alerts/subscribe", device_id: this.deviceId },
      );
      if (this.closed) void unsub();
      else this.unsubscribe = unsub;
    } catch {
      // No live updates: keep the snapshot.
    }
  }

  stop(): void {
    this.closed = true;
    const unsub = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsub) void Promise.resolve(unsub()).catch(() => undefined);
  }
}
