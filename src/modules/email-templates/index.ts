/*
 * CONTRACT (issue 12): master templates, categories, user templates and template images (/email/master-templates*,
 * /email/templates*, /email/templates-images). The module factory `emailTemplatesModule` lands here and provides
 * `emailTemplates: EmailTemplatePort`; the campaign module reads a template only through this port.
 */

import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { SafeFetcher } from '../../core/fetch/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { TemplateImages } from './email-templates.images.js';
import { templateImagesRoutes } from './email-templates.images.routes.js';
import { MasterCatalogue } from './email-templates.masters.js';
import { emailTemplatesRoutes } from './email-templates.routes.js';
import { EmailTemplatesService } from './email-templates.service.js';
import { MasterThumbnails } from './email-templates.thumbnails.js';

/**
 * The unsubscribe link's placeholder in every master template (an href); the campaign sender replaces it with the
 * recipient's link. Not a contact field, so fillPlaceholders leaves it alone.
 */
export const UNSUBSCRIBE_PLACEHOLDER = '{unsubscribe_url}';

export interface EmailTemplatePort {
  /** The HTML body of the account's user template `templateId` (GET /email/templates/{id}); null when the account has none such. */
  body(accountId: number, templateId: number): Promise<string | null>;
}

/** Master templates and categories (data files), user templates and their images; provides `emailTemplates`. */
export function emailTemplatesModule(d: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'emailTemplates'>;
  files: FileStore;
  fetcher: SafeFetcher;
}): Module<{ emailTemplates: EmailTemplatePort }> {
  const masters = new MasterCatalogue();
  const thumbnails = new MasterThumbnails(d.files, d.config.publicUrl, masters.templates);
  const templates = new EmailTemplatesService(d.db, d.clock, d.config, masters);
  const images = new TemplateImages({ repo: templates.repo, files: d.files, fetcher: d.fetcher, clock: d.clock, config: d.config });
  return {
    name: 'email-templates',
    provides: { emailTemplates: templates },
    routes: async (app) => {
      emailTemplatesRoutes(app, { config: d.config, masters, thumbnails, templates });
      await templateImagesRoutes(app, images);
    },
  };
}
