// English and French strings; the language follows `hass.locale.language`.
import type { HomeAssistant } from "./types";

export type Lang = "en" | "fr";

const en = {
  "vital.heart_rate": "Heart rate",
  "vital.spo2": "SpO₂",
  "vital.body_temperature": "Body temperature",
  "vital.perfusion_index": "Perfusion index",
  "vital.ambient_temperature": "Room temperature",
  "vital.humidity": "Humidity",
  "vital.patient_status": "Patient status",
  "vital.short.body_temperature": "Temp.",
  "status.normal": "Normal",
  "status.warning": "Warning",
  "status.critical": "Critical",
  "status.no_signal": "No signal",
  "status.offline": "Offline",
  "status.unknown": "Unknown",
  "status.stale": "Stale",
  "conn.connected": "Connected",
  "conn.disconnected": "Disconnected",
  "conn.unknown": "Connection unknown",
  "finger.absent": "No finger on sensor",
  "offline.banner": "Monitor offline — values below are the last known ones",
  "updated.never": "never updated",
  "updated.ago": "updated {ago}",
  "threshold.warning": "warn",
  "threshold.critical": "crit",
  "chart.title": "Trend",
  "chart.window.50": "Last 50",
  "chart.window.1h": "1 h",
  "chart.window.24h": "24 h",
  "chart.empty": "No readings in this window",
  "alerts.title": "Alerts",
  "alerts.none": "No active alert",
  "alerts.history": "Last alerts",
  "alerts.ack": "I’m on it",
  "alerts.acked": "Acknowledged",
  "alerts.threshold": "limit {threshold}",
  "alert.kind.physiological": "physiological",
  "alert.kind.technical": "technical",
  "vital.offline": "Monitor offline",
  "vital.no_signal": "No signal",
  "vital.sensor_off": "Sensor off",
  "vital.no_pulse": "No valid pulse",
  "vital.delivery": "Notifications failing",
  "alert.priority.critical": "Critical",
  "alert.priority.high": "High",
  "alert.priority.warning": "Warning",
  "alert.priority.medium": "Medium",
  "alert.priority.low": "Low",
  "alert.priority.info": "Info",
  "controls.calibrate": "Calibrate",
  "controls.restart": "Restart",
  "controls.restart_confirm": "Restart the monitor? Measurements stop for a few seconds.",
  "controls.cancel": "Cancel",
  "controls.confirm": "Restart",
  "error.not_found": "No FAJMA patient found for this card. Choose a device in the card editor.",
  "error.config": "Set device_id or entity",
  "overview.title": "Patients",
  "overview.empty": "No FAJMA patient yet",
  "editor.device_id": "Patient device",
  "editor.entity": "Patient status sensor (instead of a device)",
  "editor.name": "Name (optional)",
  "editor.window": "Chart window",
  "editor.stale_after": "Mark values stale after (seconds, 0 = never)",
  "editor.show_chart": "Show chart",
  "editor.show_alerts": "Show alerts",
  "editor.show_controls": "Show calibrate / restart (admins only)",
  "fresh.live": "live",
  "fresh.last": "last value {ago}",
  "irregular_pulse": "Irregular pulse",
  "alerts.acked_by": "{who} is on it",
  "alerts.acked_phone": "Taken from a phone",
  "alerts.error": "Alerts: {message}",
  "alert.state.raised": "raised",
  "alert.state.escalated": "worse",
  "alert.state.reminder": "reminder",
  "alert.state.de_escalated": "improved",
  "alert.state.acknowledged": "acknowledged",
  "alert.state.resolved": "back within limits",
  "alert.state.active": "active",
  "alert.state.resolved_unacknowledged": "back within limits, nobody has taken it yet",
  "alert.state.acknowledged_by": "{who} is on it",
  "alert.state.acknowledged_phone": "taken from a phone",
  "chart.no_reading": "no reading",
  "editor.title": "Title (optional)",
  "card.patient.name": "FAJMA patient",
  "card.patient.description": "Vital signs, trend, alerts and controls for one FAJMA patient.",
  "card.overview.name": "FAJMA overview",
  "card.overview.description": "Every FAJMA patient in one grid, worst status first.",
} as const;

export type StringKey = keyof typeof en;

const fr: Record<StringKey, string> = {
  "vital.heart_rate": "Fréquence cardiaque",
  "vital.spo2": "SpO₂",
  "vital.body_temperature": "Température corporelle",
  "vital.perfusion_index": "Indice de perfusion",
  "vital.ambient_temperature": "Température ambiante",
  "vital.humidity": "Humidité",
  "vital.patient_status": "État du patient",
  "vital.short.body_temperature": "Temp.",
  "status.normal": "Normal",
  "status.warning": "Attention",
  "status.critical": "Critique",
  "status.no_signal": "Pas de signal",
  "status.offline": "Hors ligne",
  "status.unknown": "Inconnu",
  "status.stale": "Obsolète",
  "conn.connected": "Connecté",
  "conn.disconnected": "Déconnecté",
  "conn.unknown": "Connexion inconnue",
  "finger.absent": "Pas de doigt sur le capteur",
  "offline.banner": "Moniteur hors ligne — valeurs affichées : dernières connues",
  "updated.never": "jamais mis à jour",
  "updated.ago": "mis à jour {ago}",
  "threshold.warning": "attention",
  "threshold.critical": "critique",
  "chart.title": "Tendance",
  "chart.window.50": "50 dernières",
  "chart.window.1h": "1 h",
  "chart.window.24h": "24 h",
  "chart.empty": "Aucune mesure sur cette période",
  "alerts.title": "Alertes",
  "alerts.none": "Aucune alerte active",
  "alerts.history": "Dernières alertes",
  "alerts.ack": "Je m’en occupe",
  "alerts.acked": "Prise en charge",
  "alerts.threshold": "seuil {threshold}",
  "alert.kind.physiological": "physiologique",
  "alert.kind.technical": "technique",
  "vital.offline": "Moniteur hors ligne",
  "vital.no_signal": "Pas de signal",
  "vital.sensor_off": "Capteur retiré",
  "vital.no_pulse": "Pas de pouls valable",
  "vital.delivery": "Échec des notifications",
  "alert.priority.critical": "Critique",
  "alert.priority.high": "Haute",
  "alert.priority.warning": "Attention",
  "alert.priority.medium": "Moyenne",
  "alert.priority.low": "Basse",
  "alert.priority.info": "Info",
  "controls.calibrate": "Étalonner",
  "controls.restart": "Redémarrer",
  "controls.restart_confirm":
    "Redémarrer le moniteur ? Les mesures s’arrêtent quelques secondes.",
  "controls.cancel": "Annuler",
  "controls.confirm": "Redémarrer",
  "error.not_found":
    "Aucun patient FAJMA trouvé pour cette carte. Choisissez un appareil dans l’éditeur.",
  "error.config": "Renseignez device_id ou entity",
  "overview.title": "Patients",
  "overview.empty": "Aucun patient FAJMA",
  "editor.device_id": "Appareil du patient",
  "editor.entity": "Capteur d’état du patient (au lieu d’un appareil)",
  "editor.name": "Nom (facultatif)",
  "editor.window": "Période du graphique",
  "editor.stale_after": "Valeurs obsolètes après (secondes, 0 = jamais)",
  "editor.show_chart": "Afficher le graphique",
  "editor.show_alerts": "Afficher les alertes",
  "editor.show_controls": "Afficher étalonner / redémarrer (administrateurs)",
  "fresh.live": "en direct",
  "fresh.last": "dernière valeur {ago}",
  "irregular_pulse": "Pouls irrégulier",
  "alerts.acked_by": "{who} s’en occupe",
  "alerts.acked_phone": "Prise en charge depuis un téléphone",
  "alerts.error": "Alertes : {message}",
  "alert.state.raised": "déclenchée",
  "alert.state.escalated": "plus grave",
  "alert.state.reminder": "rappel",
  "alert.state.de_escalated": "moins grave",
  "alert.state.acknowledged": "prise en charge",
  "alert.state.resolved": "revenue dans les limites",
  "alert.state.active": "active",
  "alert.state.resolved_unacknowledged": "revenue dans les limites, personne ne s’en occupe encore",
  "alert.state.acknowledged_by": "{who} s’en occupe",
  "alert.state.acknowledged_phone": "prise en charge depuis un téléphone",
  "chart.no_reading": "pas de mesure",
  "editor.title": "Titre (facultatif)",
  "card.patient.name": "Patient FAJMA",
  "card.patient.description":
    "Signes vitaux, tendance, alertes et commandes pour un patient FAJMA.",
  "card.overview.name": "Vue d’ensemble FAJMA",
  "card.overview.description":
    "Tous les patients FAJMA dans une grille, les plus graves en premier.",
};

const TABLES: Record<Lang, Record<StringKey, string>> = { en, fr };

export function language(hass?: Pick<HomeAssistant, "locale" | "language">): Lang {
  const tag = (hass?.locale?.language ?? hass?.language ?? "en").toLowerCase();
  return tag.startsWith("fr") ? "fr" : "en";
}

/** The locale tag for Intl formatting (keeps the region, e.g. "fr-CA"). */
export function localeTag(hass?: Pick<HomeAssistant, "locale" | "language">): string {
  return hass?.locale?.language ?? hass?.language ?? "en";
}

/**
 * The locale for numbers, following the user's number format setting the way Home
 * Assistant does ("36.8" with comma_decimal, "36,8" with decimal_comma or space_comma).
 */
export function numberLocale(hass?: Pick<HomeAssistant, "locale" | "language">): string {
  switch (hass?.locale?.number_format) {
    case "comma_decimal":
      return "en-US";
    case "decimal_comma":
      return "de";
    case "space_comma":
      return "fr";
    case "system":
      return typeof navigator !== "undefined" ? navigator.language : "en";
    default:
      return localeTag(hass);
  }
}

/** Whether times use a 12-hour clock (undefined: the language's habit). */
export function hour12(hass?: Pick<HomeAssistant, "locale">): boolean | undefined {
  const f = hass?.locale?.time_format;
  return f === "12" ? true : f === "24" ? false : undefined;
}

export function translate(
  lang: Lang,
  key: StringKey,
  vars: Record<string, string | number> = {},
): string {
  // An unknown key shows as itself rather than breaking the card (or its editor).
  const template = TABLES[lang][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function hasKey(key: string): key is StringKey {
  return key in en;
}
