/** The compute code version every request key and result records (SPEC §7), read once from @simlab/compute. */
export { codeVersion } from '@simlab/compute';
