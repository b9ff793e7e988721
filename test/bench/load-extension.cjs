// Run by the bench as its own process: loads the extension bundle as VS Code would before calling activate
// (with an empty stand-in for the `vscode` module) and prints how long the load took, in milliseconds.
const Module = require('node:module');
const path = require('node:path');

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? new Proxy({}, { get: () => class {} }) : load.call(this, request, ...rest);
};
const start = performance.now();
require(path.resolve(process.argv[2]));
process.stdout.write(String(performance.now() - start));
