// Entry point: defines the FAJMA cards and lists them in the card picker.
import { FajmaChart } from "./chart";
import { OVERVIEW_CARD, OVERVIEW_CARD_EDITOR, PATIENT_CARD, PATIENT_CARD_EDITOR } from "./config";
import { define, registerCustomCard } from "./define";
import { translate, language } from "./i18n";
import { FajmaOverviewCard } from "./overview-card";
import { FajmaPatientCard } from "./patient-card";
import { FajmaOverviewCardEditor, FajmaPatientCardEditor } from "./patient-card-editor";

define("fajma-chart", FajmaChart);
define(PATIENT_CARD, FajmaPatientCard);
define(PATIENT_CARD_EDITOR, FajmaPatientCardEditor);
define(OVERVIEW_CARD, FajmaOverviewCard);
define(OVERVIEW_CARD_EDITOR, FajmaOverviewCardEditor);

const lang = language({ language: document.documentElement.lang || navigator.language });
registerCustomCard({
  type: PATIENT_CARD,
  name: translate(lang, "card.patient.name"),
  description: translate(lang, "card.patient.description"),
  preview: true,
});
registerCustomCard({
  type: OVERVIEW_CARD,
  name: translate(lang, "card.overview.name"),
  description: translate(lang, "card.overview.description"),
  preview: true,
});
