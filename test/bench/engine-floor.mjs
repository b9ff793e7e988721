// The floor the shipped engine sets (issue 44): sql.js, SQLite compiled to WebAssembly, started as the CLI starts
// it (src/cli/bin.ts), the workspace's file read into it and its items counted, nothing else. What a command
// costs beyond this is ours to cut.
import * as fs from 'node:fs';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
const { default: initSqlJs } = await import('sql.js');
const SQL = await initSqlJs();
const db = new SQL.Database(fs.readFileSync(process.argv[2]));
db.exec('SELECT count(*) FROM items');
db.close();
