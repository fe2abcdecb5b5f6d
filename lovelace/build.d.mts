export const OUTFILE: string;
export function buildBundle(): Promise<Uint8Array>;
