import { fileUrl, type FileStore } from '../../core/files/index.js';
import type { MasterTemplate } from './email-templates.masters.js';

/** ClickSend's thumbnail pair; ours are drawn, not screenshots: a sketch of the layout in the template's colours. */
const SIZES = { small: { width: 150, height: 200 }, large: { width: 300, height: 400 } } as const;
type Size = keyof typeof SIZES;
/** Bumped when the drawing changes, so a cached old picture is never served under a new look. */
const DRAWING_VERSION = 1;

const thumbnailName = (t: MasterTemplate, size: Size) => `email-master-${t.templateIdMaster}-v${DRAWING_VERSION}-${size}.png`;

async function draw(t: MasterTemplate, size: Size): Promise<Buffer> {
  // Loaded on first use: the canvas binding costs start-up time that most processes never need.
  const { createCanvas } = await import('@napi-rs/canvas');
  const { width, height } = SIZES[size];
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const u = width / 30; // one layout unit
  g.fillStyle = t.background;
  g.fillRect(0, 0, width, height);
  // The 600 px container, the header band, lines of text, a button, the footer.
  g.fillStyle = '#ffffff';
  g.fillRect(2 * u, 2 * u, width - 4 * u, height - 4 * u);
  g.fillStyle = t.accent;
  g.fillRect(2 * u, 2 * u, width - 4 * u, 7 * u);
  g.fillStyle = '#d0d0d0';
  for (let i = 0; i < 6; i++) g.fillRect(4 * u, 12 * u + i * 2.2 * u, (i % 3 === 2 ? 14 : 22) * u, u);
  g.fillStyle = t.accent;
  g.fillRect(4 * u, 27 * u, 9 * u, 3 * u);
  g.fillStyle = '#eeeeee';
  g.fillRect(2 * u, height - 7 * u, width - 4 * u, 5 * u);
  return canvas.encode('png');
}

/**
 * The thumbnails of the master templates, drawn once and kept in the FileStore (so GET /files/<name> serves them
 * from any process); links point there under PUBLIC_URL. ensure() runs before the first answer that shows a link,
 * so no link is ever broken; later calls cost nothing.
 */
export class MasterThumbnails {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly files: FileStore,
    private readonly publicUrl: string,
    private readonly templates: readonly MasterTemplate[],
  ) {}

  ensure(): Promise<void> {
    this.ready ??= this.drawMissing().catch((err: unknown) => {
      this.ready = undefined; // try again on the next call
      throw err;
    });
    return this.ready;
  }

  private async drawMissing() {
    for (const t of this.templates) {
      for (const size of Object.keys(SIZES) as Size[]) {
        const name = thumbnailName(t, size);
        if (!(await this.files.stat(name))) await this.files.put(name, await draw(t, size));
      }
    }
  }

  links(t: MasterTemplate) {
    return { large: fileUrl(this.publicUrl, thumbnailName(t, 'large')), small: fileUrl(this.publicUrl, thumbnailName(t, 'small')) };
  }
}
