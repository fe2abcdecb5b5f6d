// The parts of Home Assistant's frontend `hass` object the cards use.

export interface HassEntityAttributes {
  friendly_name?: string;
  unit_of_measurement?: string;
  status?: string;
  warning_low?: number | null;
  warning_high?: number | null;
  critical_low?: number | null;
  critical_high?: number | null;
  [key: string]: unknown;
}

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: HassEntityAttributes;
  last_changed: string;
  last_updated: string;
}

/** An entry of `hass.entities` (the frontend's entity registry display entries). */
export interface EntityRegistryDisplayEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  name?: string | null;
  display_precision?: number;
  hidden?: boolean;
}

export interface DeviceRegistryEntry {
  id: string;
  name?: string | null;
  name_by_user?: string | null;
}

export interface HassConnection {
  subscribeMessage<T>(
    callback: (message: T) => void,
    message: Record<string, unknown>,
    options?: { resubscribe?: boolean },
  ): Promise<() => Promise<void> | void>;
  /** home-assistant-js-websocket: "ready" after a reconnect, "disconnected" when the socket drops. */
  addEventListener?(event: string, listener: () => void): void;
  removeEventListener?(event: string, listener: () => void): void;
}

/** The logged-in user (`hass.user`). */
export interface CurrentUser {
  id?: string;
  name?: string;
  is_admin: boolean;
  is_owner?: boolean;
}

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  entities: Record<string, EntityRegistryDisplayEntry>;
  devices?: Record<string, DeviceRegistryEntry>;
  locale?: { language?: string; number_format?: string; time_format?: string };
  language?: string;
  themes?: { darkMode?: boolean };
  user?: CurrentUser;
  connection: HassConnection;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
  ): Promise<unknown>;
}

export interface LovelaceCardConfig {
  type: string;
  [key: string]: unknown;
}

export type Status = "normal" | "warning" | "critical" | "no_signal" | "offline" | "unknown";

export const VITAL_KEYS = [
  "heart_rate",
  "spo2",
  "body_temperature",
  "perfusion_index",
  "ambient_temperature",
  "humidity",
] as const;
export type VitalKey = (typeof VITAL_KEYS)[number];

/** Alert as delivered by `fajma/alerts` and `fajma/alerts/subscribe`. */
export interface FajmaAlert {
  alert_id: string;
  vital: string;
  priority: string;
  kind: string;
  state: string;
  value: number | string | null;
  threshold: number | string | null;
  /** ISO 8601, or Unix seconds (active alerts). */
  raised_at?: string | number | null;
  /** ISO 8601, or Unix seconds (history entries: the time of the transition). */
  time?: string | number | null;
  acknowledged?: boolean;
  /** Who acknowledged (a user's name, or the phone), when the integration reports it. */
  acknowledged_by?: string | null;
  acknowledged_at?: string | number | null;
  /** Why an `escalated` transition happened: `priority` (worse) or `renotify` (a reminder). */
  escalation?: string | null;
}

export interface FajmaAlerts {
  active: FajmaAlert[];
  history: FajmaAlert[];
}

/** A limit drawn on the chart. */
export interface ThresholdLine {
  value: number;
  level: "warning" | "critical";
}
