import type { Catalog } from './catalog.js';

/** The candidate's pages in Spanish (tuteo, as candidate-facing Spanish usually is). Keys: see en.ts. */
export const es: Catalog = {
  'manage.title': 'Tu entrevista con {company}',
  'manage.heading': 'Tu entrevista',
  'alert.slot_unavailable': 'Ese horario se acaba de ocupar o ya no está disponible. Tu entrevista no ha cambiado: elige otro horario.',
  'alert.no_slot_chosen': 'Elige un nuevo horario antes de pulsar «{button}».',
  'keep.heading': 'Mantener este horario',
  'keep.text': 'No tienes que hacer nada más: nos vemos entonces.',
  'keep.button': 'Mantener mi entrevista',
  'move.heading': 'Cambiar a otro horario',
  'move.none': 'Ahora mismo no hay otros horarios disponibles. Puedes mantener este horario o cancelar.',
  'move.zone': 'Zona horaria: {zone}.',
  'move.button': 'Cambiar mi entrevista',
  'cancel.heading': 'Cancelar la entrevista',
  'cancel.reason': 'Motivo (opcional)',
  'cancel.hint': 'Ayuda al equipo de selección. Al cancelar, tu horario queda libre para otra persona.',
  'cancel.button': 'Cancelar mi entrevista',
  'details.when': 'Cuándo',
  'details.length': 'Duración',
  'details.format': 'Formato',
  'details.where': 'Dónde',
  'details.with': 'Con',
  'details.interviewer_time': '{time} para quien te entrevista',
  'kept.title': 'Tu entrevista está confirmada',
  'kept.heading': 'Todo listo',
  'kept.text': 'Tu entrevista se mantiene tal como está reservada. ¡Nos vemos!',
  'link.change': 'Cambiarla o cancelarla',
  'moved.title': 'Tu entrevista ha cambiado de horario',
  'moved.heading': 'Tu entrevista ha cambiado de horario',
  'moved.sent':
    'Tu entrevista pasa a la fecha y hora que aparecen abajo. Te estamos enviando los datos ' +
    'actualizados; los enlaces que recibiste antes ya ' +
    'no funcionan.',
  'moved.not_sent':
    'Tu entrevista pasa a la fecha y hora que aparecen abajo. Toma nota: no tenemos forma de enviarte ' +
    'los nuevos datos por correo electrónico ' +
    'ni por SMS. Los enlaces que recibiste antes ya no funcionan.',
  'cancelled.title': 'Tu entrevista está cancelada',
  'cancelled.heading': 'Tu entrevista está cancelada',
  'cancelled.sent':
    'Tu entrevista está cancelada y el horario queda libre para otra persona. Te enviaremos una confirmación. Gracias por avisarnos.',
  'cancelled.not_sent': 'Tu entrevista está cancelada y el horario queda libre para otra persona. Gracias por avisarnos.',
  'problem.not_found.title': 'Este enlace no funciona',
  'problem.not_found.text':
    'No encontramos ninguna entrevista para este enlace. Comprueba que abriste el enlace completo de tu ' +
    'correo electrónico o mensaje de texto.',
  'problem.expired.title': 'Este enlace ha caducado',
  'problem.expired.text':
    'Los enlaces para cambiar una entrevista funcionan hasta que empieza la entrevista. Si necesitas ' +
    'ayuda, ponte en contacto con el equipo ' +
    'de selección.',
  'problem.used.title': 'Este enlace se ha sustituido',
  'problem.used.text':
    'Tu entrevista cambió de horario y los nuevos datos llegaron con un nuevo enlace. Usa el enlace más reciente que hayas recibido.',
  'problem.cancelled.title': 'Esta entrevista está cancelada',
  'problem.cancelled.text':
    'Ya no hay ninguna entrevista reservada para este enlace. Si se trata de un error, ponte en contacto con el equipo de selección.',
  'problem.rate_limited.title': 'Demasiadas solicitudes',
  'problem.rate_limited.text': 'Espera un minuto y vuelve a intentarlo.',
  'problem.bad_request.title': 'No se pudo leer la solicitud',
  'problem.bad_request.text': 'Vuelve atrás, recarga la página e inténtalo de nuevo.',
  'problem.error.title': 'Algo ha fallado por nuestra parte',
  'problem.error.text': 'No se ha cambiado nada. Vuelve a intentarlo dentro de unos minutos.',
};
