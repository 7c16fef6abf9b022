import type { SendboxModule } from '../types.js';
import { statisticsRoutes } from './statistics.routes.js';

export { StatisticsService } from './statistics.service.js';

export const statisticsModule: SendboxModule = { name: 'statistics', register: statisticsRoutes };
