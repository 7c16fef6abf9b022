import type { SendboxModule } from '../types.js';
import { smsTemplatesRoutes } from './sms-templates.routes.js';

export { SmsTemplatesService } from './sms-templates.service.js';

export const smsTemplatesModule: SendboxModule = { name: 'sms-templates', register: smsTemplatesRoutes };
