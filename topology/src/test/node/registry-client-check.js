// Drives the demo's embedded schema registry with Confluent's own Node.js client, @confluentinc/schemaregistry
// (Confluent's Python client is not installable on every machine; this one comes from the npm registry):
//   npm install @confluentinc/schemaregistry
//   node registry-client-check.js http://127.0.0.1:8081
// Register, look-up, compatibility, config, delete, and an Avro serializer/deserializer round trip with
// autoRegisterSchemas=false. Exits non-zero on the first mismatch.
const assert = require('node:assert/strict');
const sr = require('@confluentinc/schemaregistry');

const url = process.argv[2] || 'http://127.0.0.1:8081';
const subject = 'client-check-' + process.pid + '-value';
const v1 = { type: 'record', name: 'Payment', namespace: 'check', fields: [{ name: 'amount', type: 'long' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'memo', type: ['null', 'string'], default: null }] };
const v3 = { ...v1, fields: [...v2.fields, { name: 'currency', type: 'string' }] };
const info = (s) => ({ schemaType: 'AVRO', schema: JSON.stringify(s) });

async function expectError(promise, status, errorCode) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.status, status, e.message);
    assert.equal(e.errorCode, errorCode, e.message);
    return;
  }
  assert.fail('expected error ' + errorCode);
}

async function main() {
  const client = sr.SchemaRegistryClient.newClient({ baseURLs: [url], cacheCapacity: 100, maxRetries: 0 });
  const fresh = () => sr.SchemaRegistryClient.newClient({ baseURLs: [url], cacheCapacity: 100, maxRetries: 0 });
  const id1 = await client.register(subject, info(v1));
  const id2 = await client.register(subject, info(v2));
  assert.notEqual(id1, id2);
  assert.equal(await fresh().getId(subject, info(v1)), id1, 'look-up of a registered schema');
  assert.equal(await fresh().getVersion(subject, info(v2)), 2);
  assert.deepEqual(await client.getAllVersions(subject), [1, 2]);
  assert.ok((await client.getAllSubjects()).includes(subject));
  assert.equal((await fresh().getLatestSchemaMetadata(subject)).version, 2);
  assert.equal((await fresh().getSchemaMetadata(subject, 1)).id, id1);
  assert.equal(JSON.parse((await fresh().getBySubjectAndId(subject, id1)).schema).name, 'Payment');

  assert.equal(await client.testSubjectCompatibility(subject, info(v2)), true);
  assert.equal(await client.testCompatibility(subject, 2, info(v3)), false);
  await expectError(fresh().register(subject, info(v3)), 409, 409);
  await expectError(fresh().getId(subject, info(v3)), 404, 40403);
  await expectError(fresh().getLatestSchemaMetadata('no-such-subject'), 404, 40401);
  await expectError(fresh().getSchemaMetadata(subject, 9), 404, 40402);

  const globalLevel = await client.getDefaultCompatibility();
  assert.ok(['BACKWARD', 'FULL', 'NONE', 'FORWARD'].some((l) => globalLevel.startsWith(l)), globalLevel);
  assert.equal(await client.updateCompatibility(subject, 'NONE'), 'NONE');
  assert.equal(await client.getCompatibility(subject), 'NONE');
  assert.equal(await fresh().register(subject, info(v3)) > 0, true, 'NONE lets the incompatible schema in');
  await expectError(client.getCompatibility('no-such-subject'), 404, 40408);

  // a serializer that may not register writes with the subject's latest schema, the deserializer fetches it by id
  const serializer = new sr.AvroSerializer(fresh(), sr.SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const topic = subject.replace(/-value$/, '');
  const bytes = await serializer.serialize(topic, { amount: 42, memo: 'hi', currency: 'EUR' });
  assert.equal(bytes[0], 0, 'Confluent wire format: magic byte');
  const deserializer = new sr.AvroDeserializer(fresh(), sr.SerdeType.VALUE, {});
  const back = await deserializer.deserialize(topic, bytes);
  assert.equal(Number(back.amount), 42);

  assert.deepEqual(await client.deleteSubjectVersion(subject, 3, false), 3);
  await expectError(fresh().deleteSubject(subject, true), 404, 40405);
  assert.deepEqual(await client.deleteSubject(subject, false), [1, 2]);
  await expectError(fresh().deleteSubject(subject, false), 404, 40404);
  assert.deepEqual(await client.deleteSubject(subject, true), [1, 2, 3]);
  assert.ok(!(await fresh().getAllSubjects()).includes(subject));
  console.log('registry-client-check: all checks passed against ' + url);
}

main().catch((e) => {
  console.error('registry-client-check FAILED: ' + (e.stack || e));
  process.exit(1);
});
