import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownFileName } from './own-files.js';

const NAME = '65889986-E306-4309-B229-FD9215EE1013.pdf';

describe('ownFileName', () => {
  const origins = ['http://127.0.0.1:8080', 'https://post.example.com/sendbox/'];

  it('names the stored file of an exact own URL, query and fragment ignored', () => {
    assert.equal(ownFileName(`http://127.0.0.1:8080/files/${NAME}`, origins), NAME);
    assert.equal(ownFileName(`http://127.0.0.1:8080/files/${NAME}?filename=x.pdf#p2`, origins), NAME);
    assert.equal(ownFileName(`https://POST.example.com:443/sendbox/files/${NAME}`, origins), NAME);
  });

  it('is undefined for anything that is not exactly an own file URL', () => {
    for (const url of [
      `https://127.0.0.1:8080/files/${NAME}`, // scheme
      `http://127.0.0.1:8081/files/${NAME}`, // port
      `http://127.0.0.2:8080/files/${NAME}`, // host
      `http://user@127.0.0.1:8080/files/${NAME}`, // credentials
      `http://127.0.0.1:8080/v3/files/${NAME}`, // path
      `https://post.example.com/files/${NAME}`, // outside PUBLIC_URL's path
      'http://127.0.0.1:8080/files/../etc/passwd',
      'http://127.0.0.1:8080/files/.hidden-file',
      `http://127.0.0.1:8080/files/a%2F${NAME}`,
      'not a url',
    ]) {
      assert.equal(ownFileName(url, origins), undefined, url);
    }
  });
});
