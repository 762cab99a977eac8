/** The groups of the meta configuration (SPEC §2.3), as the meta parser gives them. */
export type { GroupSource } from '../format/meta.ts';
