import type { Catalog } from './catalog.js';

/**
 * The candidate's pages in French (vouvoiement). French typography: a no-break space (U+00A0) before ; : ! ? » and
 * after «. Keys: see en.ts.
 */
export const fr: Catalog = {
  'manage.title': 'Votre entretien avec {company}',
  'manage.heading': 'Votre entretien',
  'alert.slot_unavailable':
    'Ce créneau vient d’être pris ou n’est plus disponible. Votre entretien n’a pas changé\u00a0: veuillez choisir un autre créneau.',
  'alert.no_slot_chosen': 'Veuillez choisir un nouveau créneau avant d’appuyer sur «\u00a0{button}\u00a0».',
  'keep.heading': 'Garder ce créneau',
  'keep.text': 'Vous n’avez rien d’autre à faire\u00a0: à bientôt.',
  'keep.button': 'Garder mon entretien',
  'move.heading': 'Choisir un autre créneau',
  'move.none': 'Aucun autre créneau n’est disponible pour le moment. Vous pouvez garder ce créneau ou annuler.',
  'move.zone': 'Fuseau horaire\u00a0: {zone}.',
  'move.button': 'Déplacer mon entretien',
  'cancel.heading': 'Annuler l’entretien',
  'cancel.reason': 'Motif (facultatif)',
  'cancel.hint': 'Cela aide l’équipe de recrutement. En annulant, vous libérez ce créneau pour quelqu’un d’autre.',
  'cancel.button': 'Annuler mon entretien',
  'details.when': 'Quand',
  'details.length': 'Durée',
  'details.format': 'Format',
  'details.where': 'Lieu',
  'details.with': 'Avec',
  'details.interviewer_time': '{time} côté recruteur',
  'kept.title': 'Votre entretien est confirmé',
  'kept.heading': 'Tout est prêt',
  'kept.text': 'Votre entretien reste tel qu’il a été réservé. À bientôt\u00a0!',
  'link.change': 'Le modifier ou l’annuler',
  'moved.title': 'Votre entretien est déplacé',
  'moved.heading': 'Votre entretien est déplacé',
  'moved.sent':
    'Votre entretien a désormais lieu au créneau ci-dessous. Les informations à jour sont en route\u00a0; les liens reçus auparavant ne ' +
    'fonctionnent plus.',
  'moved.not_sent':
    'Votre entretien a désormais lieu au créneau ci-dessous. Notez-le\u00a0: nous ne pouvons pas vous envoyer les nouvelles informations ' +
    'par e-mail ni par SMS. Les liens reçus auparavant ne fonctionnent plus.',
  'cancelled.title': 'Votre entretien est annulé',
  'cancelled.heading': 'Votre entretien est annulé',
  'cancelled.sent':
    'Votre entretien est annulé et le créneau est libéré pour quelqu’un d’autre. Une confirmation vous est envoyée. Merci de nous avoir ' +
    'prévenus.',
  'cancelled.not_sent': 'Votre entretien est annulé et le créneau est libéré pour quelqu’un d’autre. Merci de nous avoir prévenus.',
  'problem.not_found.title': 'Ce lien ne fonctionne pas',
  'problem.not_found.text':
    'Nous n’avons trouvé aucun entretien pour ce lien. Vérifiez que vous avez ouvert le lien complet de votre e-mail ou de votre SMS.',
  'problem.expired.title': 'Ce lien a expiré',
  'problem.expired.text':
    'Les liens pour modifier un entretien fonctionnent jusqu’au début de l’entretien. Si vous avez besoin d’aide, contactez l’équipe de ' +
    'recrutement.',
  'problem.used.title': 'Ce lien a été remplacé',
  'problem.used.text':
    'Votre entretien a été déplacé et les nouvelles informations sont arrivées avec un nouveau lien. Utilisez le lien le plus récent que ' +
    'vous avez reçu.',
  'problem.cancelled.title': 'Cet entretien est annulé',
  'problem.cancelled.text': 'Aucun entretien n’est plus réservé pour ce lien. S’il s’agit d’une erreur, contactez l’équipe de recrutement.',
  'problem.rate_limited.title': 'Trop de demandes',
  'problem.rate_limited.text': 'Veuillez patienter une minute, puis réessayer.',
  'problem.bad_request.title': 'Cette demande n’a pas pu être lue',
  'problem.bad_request.text': 'Revenez en arrière, rechargez la page et réessayez.',
  'problem.error.title': 'Un problème est survenu de notre côté',
  'problem.error.text': 'Rien n’a été modifié. Veuillez réessayer dans quelques minutes.',
};
