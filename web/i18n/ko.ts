import { en } from './en.js';
import type { Messages } from './index.js';
export const ko: Messages = en;
