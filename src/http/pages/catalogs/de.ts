import type { Catalog } from './catalog.js';

/** The candidate's pages in German (formal "Sie"). Keys: see en.ts. */
export const de: Catalog = {
  'manage.title': 'Ihr Vorstellungsgespräch bei {company}',
  'manage.heading': 'Ihr Vorstellungsgespräch',
  'alert.slot_unavailable':
    'Dieser Termin wurde gerade vergeben oder ist nicht mehr frei. Ihr Gespräch bleibt unverändert: Bitte wählen Sie einen anderen Termin.',
  'alert.no_slot_chosen': 'Bitte wählen Sie einen neuen Termin, bevor Sie auf „{button}“ klicken.',
  'keep.heading': 'Diesen Termin behalten',
  'keep.text': 'Sie müssen nichts weiter tun: Wir sehen uns dann.',
  'keep.button': 'Termin behalten',
  'move.heading': 'Auf einen anderen Termin verschieben',
  'move.none': 'Im Moment sind keine anderen Termine frei. Sie können diesen Termin behalten oder absagen.',
  'move.zone': 'Zeitzone: {zone}.',
  'move.button': 'Gespräch verschieben',
  'cancel.heading': 'Gespräch absagen',
  'cancel.reason': 'Grund (optional)',
  'cancel.hint': 'Das hilft dem Recruiting-Team. Wenn Sie absagen, wird Ihr Termin für jemand anderen frei.',
  'cancel.button': 'Gespräch absagen',
  'details.when': 'Wann',
  'details.length': 'Dauer',
  'details.format': 'Format',
  'details.where': 'Ort',
  'details.with': 'Mit',
  'details.interviewer_time': '{time} für die interviewende Person',
  'kept.title': 'Ihr Vorstellungsgespräch ist bestätigt',
  'kept.heading': 'Alles erledigt',
  'kept.text': 'Ihr Gespräch bleibt wie gebucht. Bis dann!',
  'link.change': 'Ändern oder absagen',
  'moved.title': 'Ihr Vorstellungsgespräch ist verschoben',
  'moved.heading': 'Ihr Vorstellungsgespräch ist verschoben',
  'moved.sent':
    'Ihr Gespräch findet jetzt zum unten genannten Termin statt. Die aktualisierten Details sind ' +
    'unterwegs zu Ihnen; früher erhaltene Links ' +
    'funktionieren nicht mehr.',
  'moved.not_sent':
    'Ihr Gespräch findet jetzt zum unten genannten Termin statt. Bitte notieren Sie ihn: Wir können Ihnen die neuen Details weder per ' +
    'E-Mail noch per SMS senden. Früher erhaltene Links funktionieren nicht mehr.',
  'cancelled.title': 'Ihr Vorstellungsgespräch ist abgesagt',
  'cancelled.heading': 'Ihr Vorstellungsgespräch ist abgesagt',
  'cancelled.sent':
    'Ihr Gespräch ist abgesagt und der Termin ist für jemand anderen frei. Eine Bestätigung ist unterwegs zu Ihnen. Danke, dass Sie uns ' +
    'Bescheid gegeben haben.',
  'cancelled.not_sent': 'Ihr Gespräch ist abgesagt und der Termin ist für jemand anderen frei. Danke, dass Sie uns Bescheid gegeben haben.',
  'problem.not_found.title': 'Dieser Link funktioniert nicht',
  'problem.not_found.text':
    'Wir konnten zu diesem Link kein Gespräch finden. Prüfen Sie, ob Sie den vollständigen Link aus Ihrer E-Mail oder SMS geöffnet haben.',
  'problem.expired.title': 'Dieser Link ist abgelaufen',
  'problem.expired.text':
    'Links zum Ändern eines Gesprächs funktionieren bis zu dessen Beginn. Wenn Sie Hilfe brauchen, wenden Sie sich an das Recruiting-Team.',
  'problem.used.title': 'Dieser Link wurde ersetzt',
  'problem.used.text':
    'Ihr Gespräch wurde verschoben, und die neuen Details kamen mit einem neuen Link. Bitte verwenden ' +
    'Sie den neuesten Link, den Sie erhalten ' +
    'haben.',
  'problem.cancelled.title': 'Dieses Gespräch ist abgesagt',
  'problem.cancelled.text':
    'Für diesen Link ist kein Gespräch mehr gebucht. Falls das ein Irrtum ist, wenden Sie sich an das Recruiting-Team.',
  'problem.rate_limited.title': 'Zu viele Anfragen',
  'problem.rate_limited.text': 'Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
  'problem.bad_request.title': 'Diese Anfrage konnte nicht gelesen werden',
  'problem.bad_request.text': 'Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.',
  'problem.error.title': 'Bei uns ist etwas schiefgelaufen',
  'problem.error.text': 'Es wurde nichts geändert. Bitte versuchen Sie es in ein paar Minuten erneut.',
};
