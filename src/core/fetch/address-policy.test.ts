import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress, permissiveAddressPolicy, strictAddressPolicy } from './address-policy.js';

// Classification only: nothing here opens a connection.
describe('strict address policy', () => {
  const refused: Array<[string, RegExp]> = [
    ['10.0.0.5', /private/],
    ['10.255.255.255', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.10', /private/],
    ['127.0.0.1', /loopback/],
    ['127.0.0.2', /loopback/],
    ['169.254.169.254', /instance-metadata/],
    ['169.254.10.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.1', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fc00::1', /unique-local/],
    ['fd12:3456:789a::1', /unique-local/],
    ['fd00:ec2::254', /AWS instance-metadata/],
    ['fe80::1', /link-local/],
    ['febf:ffff::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /IPv4-mapped form of a loopback/],
    ['::ffff:7f00:1', /IPv4-mapped form of a loopback/],
    ['::ffff:10.0.0.1', /IPv4-mapped form of a private/],
    ['::ffff:169.254.169.254', /IPv4-mapped form of the cloud instance-metadata/],
    ['::ffff:0.0.0.0', /IPv4-mapped form of an unspecified/],
    // IPv4-compatible (deprecated): ipaddr.js alone reads "::127.0.0.1" as IPv4-mapped and "::7f00:1" as public unicast.
    ['::127.0.0.1', /IPv4-compatible form of a loopback/],
    ['::7f00:1', /IPv4-compatible form of a loopback/],
    ['::10.0.0.1', /IPv4-compatible form of a private/],
    ['::a9fe:a9fe', /IPv4-compatible form of the cloud instance-metadata/],
    ['::8.8.8.8', /IPv4-compatible form of 8\.8\.8\.8 \(a transition form that is not fetched\)/],
    ['::ffff:0:7f00:1', /IPv4-translated \(SIIT\) form of a loopback/],
    ['64:ff9b::a00:5', /NAT64 form of a private/], // 10.0.0.5
    ['64:ff9b::127.0.0.1', /NAT64 form of a loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64 form of the cloud instance-metadata/],
    ['64:ff9b:1::a00:5', /special-purpose/], // local-use NAT64 (RFC 8215): where the IPv4 sits depends on the network
    ['2002:a00:5::1', /6to4 form of a private/], // 10.0.0.5
    ['2002:7f00:1::1', /6to4 form of a loopback/],
    ['2002:808:808::1', /6to4 form of 8\.8\.8\.8 \(a transition form/],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', /Teredo form of a loopback/], // client 127.0.0.1, stored inverted
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', /Teredo form of a private/], // client 10.0.0.1
  ];
  for (const [address, why] of refused) {
    it(`refuses ${address}`, () => {
      const reason = strictAddressPolicy.refuseAddress(address);
      assert.ok(reason, `${address} should be refused`);
      assert.match(reason, why);
    });
  }

  // 64:ff9b::5db8:d822 is 93.184.216.34 through NAT64, how an IPv6-only host with DNS64 sees every IPv4 site.
  const allowed = [
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '11.0.0.1',
    '2606:4700::1',
    '2001:4860:4860::8888',
    '::ffff:93.184.216.34',
    '64:ff9b::5db8:d822',
    '64:ff9b::93.184.216.34',
  ];
  for (const address of allowed) {
    it(`allows the public address ${address}`, () => {
      assert.equal(strictAddressPolicy.refuseAddress(address), null);
      assert.equal(classifyAddress(address).public, true);
    });
  }

  it('refuses the cloud metadata host names whatever they resolve to', () => {
    assert.match(strictAddressPolicy.refuseHostname('metadata.google.internal') ?? '', /metadata/);
    assert.match(strictAddressPolicy.refuseHostname('metadata') ?? '', /metadata/);
    assert.equal(strictAddressPolicy.refuseHostname('files.example.com'), null);
  });

  it('refuses a string that is not an IP address rather than guessing', () => {
    assert.ok(strictAddressPolicy.refuseAddress('localhost'));
  });
});

describe('permissive address policy (ALLOW_PRIVATE_URLS=1)', () => {
  it('allows loopback, private, link-local and metadata addresses and names', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.5', '192.168.1.1', '169.254.169.254', 'fd00:ec2::254', '::127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1', '0.0.0.0']) {
      assert.equal(permissiveAddressPolicy.refuseAddress(a), null, a);
    }
    assert.equal(permissiveAddressPolicy.refuseHostname('metadata.google.internal'), null);
  });
});
