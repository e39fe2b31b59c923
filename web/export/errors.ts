/**
 * Typed errors of the explorer's exports. A failed export is shown inline beside its button
 * ("Export failed: ..."); a cancelled one (core's CancelledError) is not a failure.
 */

import { OrtholabError } from '../../src/core/errors.js';

/** The browser could not produce the file (no canvas context, an encoder or muxer failure, nothing drawn yet). */
export class ExportError extends OrtholabError {}
