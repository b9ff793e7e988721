// Preloaded into every test process (test/run.mjs): routes require('vscode') to the double, whatever order a test
// file imports its modules in.
const Module = require('node:module');
const path = require('node:path');

const double = path.join(__dirname, '..', 'extension', 'vscode-double.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? double : resolve.call(this, request, ...rest);
};
