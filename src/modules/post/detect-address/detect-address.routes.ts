import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../../core/http/index.js';
import type { SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import type { ProofKit } from '../pipeline/index.js';
import { DetectAddressBody, DetectedAddressRecord } from './detect-address.schemas.js';
import { DetectAddressService } from './detect-address.service.js';

export function detectAddressRoutes(app: App, services: { fetcher: SafeFetcher; files: FileStore; publicUrl: string; postProofs: ProofKit }) {
  const svc = new DetectAddressService({ fetcher: services.fetcher, files: services.files, publicUrl: services.publicUrl }, (pdf) => services.postProofs.readWindowLines(pdf));
  app.post(
    '/post/letters/detect-address',
    {
      // ClickSend's subaccount flag for everything post.
      config: { access: 'post', bodySize: 'bulk' },
      schema: {
        operationId: 'letters.detectAddress',
        tags: ['Post Address Detection'],
        summary: 'Detect the recipient address in the address window of a letter',
        body: DetectAddressBody,
        response: { 200: EnvelopeOf(DetectedAddressRecord), '4xx': ErrorEnvelope },
      },
    },
    async (req) => {
      const { address, message } = await svc.detect(req.body, `${req.protocol}://${req.host}`);
      return ok(address, message);
    },
  );
}
