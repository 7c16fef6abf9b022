/*
 * CONTRACT (issue 12): master templates, categories, user templates and template images (/email/master-templates*,
 * /email/templates*, /email/templates-images). The module factory `emailTemplatesModule` lands here and provides
 * `emailTemplates: EmailTemplatePort`; the campaign module reads a template only through this port.
 */

export interface EmailTemplatePort {
  /** The HTML body of the account's user template `templateId` (GET /email/templates/{id}); null when the account has none such. */
  body(accountId: number, templateId: number): Promise<string | null>;
}
