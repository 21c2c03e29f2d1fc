'use strict';
// One HTTPS GET of a JSON document for the data scripts (plain Node, no dependencies): 200 or an error naming the
// URL, a 60 s timeout, the body parsed.
const https = require('node:https');

function getJson(url, userAgent = 'depvet data script') {
  return new Promise((resolve, reject) => {
    https
      .get(url, { headers: { 'user-agent': userAgent, accept: 'application/json' }, timeout: 60_000 }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`${url}: HTTP ${res.statusCode}`));
          return;
        }
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(new Error(`${url}: not JSON (${error.message})`));
          }
        });
      })
      .on('timeout', function onTimeout() {
        this.destroy(new Error(`${url}: timed out`));
      })
      .on('error', reject);
  });
}

module.exports = { getJson };
