// Loaded with --require into a Node child process (child_process.fork): stands in for Electron's
// process.parentPort, so the desktop app's core-entry.js runs and is told to stop as under Electron.
const { EventEmitter } = require('node:events');

const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.on('message', (data) => port.emit('message', { data }));
process.parentPort = port;
