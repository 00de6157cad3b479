// Written by hand to match the Rust type; ts-rs will overwrite this file with the generated one.
export type EvidencePreview = { mime: string, data_base64: string, };
