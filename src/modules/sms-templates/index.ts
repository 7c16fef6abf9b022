import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { smsTemplatesRoutes } from './sms-templates.routes.js';
import { SmsTemplatesService } from './sms-templates.service.js';

export { SmsTemplatesService } from './sms-templates.service.js';

export function smsTemplatesModule(d: { db: Db; clock: Clock; config: Pick<Config, 'publicUrl'> }): Module<{ smsTemplates: SmsTemplatesService }> {
  const smsTemplates = new SmsTemplatesService(d.db, d.clock);
  return { name: 'sms-templates', provides: { smsTemplates }, routes: (app) => smsTemplatesRoutes(app, { config: d.config, smsTemplates }) };
}
