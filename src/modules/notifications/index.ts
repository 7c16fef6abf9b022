export { NotificationsService } from './notifications.service.js';
export { NotificationsRepository } from './notifications.repository.js';
export { systemEmailChannel } from './notifications.channel.js';
export type { SystemEmailRow } from './notifications.tables.js';
