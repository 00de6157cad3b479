// Written by hand to match the Rust type; ts-rs will overwrite this file with the generated one.
import type { OrgUnit } from "./OrgUnit";

export type AppInfo = { version: string, db_path: string, data_dir: string, today: string, actor: string, branch: OrgUnit | null, };
