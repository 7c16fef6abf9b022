import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One master template of the catalogue (masters/catalogue.json); its HTML is masters/<file>. */
export interface MasterTemplate {
  templateIdMaster: number;
  templateName: string;
  categoryId: number;
  /** Unix seconds as a string, as ClickSend shows it. */
  dateAdded: string;
  body: string;
  /** Colours the generated thumbnail is drawn in. */
  accent: string;
  background: string;
}

export interface MasterCategory {
  categoryId: number;
  name: string;
}

interface CatalogueFile {
  categories: Array<{ category_id: number; name: string }>;
  templates: Array<{ template_id_master: number; file: string; template_name: string; category_id: number; date_added: string; accent: string; background: string }>;
}

const MASTERS_DIR = new URL('./masters/', import.meta.url);

/**
 * The master templates and categories shipped with Sendbox (our own responsive HTML, kept as data files beside
 * this module). Read once at start-up: a few tens of KB, the same for every account.
 */
export class MasterCatalogue {
  readonly categories: readonly MasterCategory[];
  readonly templates: readonly MasterTemplate[];
  private readonly byId: ReadonlyMap<number, MasterTemplate>;

  constructor(dir: URL = MASTERS_DIR) {
    const file = JSON.parse(fs.readFileSync(fileURLToPath(new URL('catalogue.json', dir)), 'utf8')) as CatalogueFile;
    this.categories = file.categories.map((c) => ({ categoryId: c.category_id, name: c.name }));
    this.templates = file.templates.map((t) => ({
      templateIdMaster: t.template_id_master,
      templateName: t.template_name,
      categoryId: t.category_id,
      dateAdded: t.date_added,
      body: fs.readFileSync(fileURLToPath(new URL(t.file, dir)), 'utf8'),
      accent: t.accent,
      background: t.background,
    }));
    this.byId = new Map(this.templates.map((t) => [t.templateIdMaster, t]));
  }

  template(id: number): MasterTemplate | undefined {
    return this.byId.get(id);
  }

  category(id: number): MasterCategory | undefined {
    return this.categories.find((c) => c.categoryId === id);
  }

  inCategory(id: number): MasterTemplate[] {
    return this.templates.filter((t) => t.categoryId === id);
  }
}
