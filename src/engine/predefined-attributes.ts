// Predefined attributes (spec routing.md §4): named lists of values that user proficiencies
// and routing criteria refer to. They have no ARN in the model, so they are kept under their
// name (unique in the instance) and cannot be tagged.
import type * as C from '../generated/connect.types.js';
import { BadRequest, duplicate, notFound } from '../protocol/errors.js';
import type { Partition, StoreTx, StoredRecord } from '../store/store.js';
import { getRecord, saveStamped } from './instance-records.js';
import type { Persisted } from './resources.js';
import type { Work } from './work.js';

export const PREDEFINED_ATTRIBUTE = 'predefined-attribute';

export type PredefinedAttributeData = Persisted<C.PredefinedAttribute>;
export type PredefinedAttributeParams = Omit<C.CreatePredefinedAttributeRequest, 'InstanceId' | 'Name'>;

const txOf = (wOrTx: Work | StoreTx): StoreTx => ('tx' in wOrTx ? wOrTx.tx : wOrTx);

/** Whether the instance has the attribute `name` and `value` is one of its values. */
export async function predefinedValueExists(wOrTx: Work | StoreTx, p: Partition, instanceId: string, name: string, value: string): Promise<boolean> {
  const rec = await txOf(wOrTx).get<PredefinedAttributeData>(p, PREDEFINED_ATTRIBUTE, instanceId, name);
  return rec?.data.Values?.StringList?.includes(value) ?? false;
}

export const getPredefinedAttribute = (w: Work, p: Partition, instanceId: string, name: string): Promise<StoredRecord<PredefinedAttributeData>> =>
  getRecord<PredefinedAttributeData>(w.tx, p, PREDEFINED_ATTRIBUTE, instanceId, name, 'Predefined attribute');

/** A value listed twice would make a proficiency ambiguous to remove: refused rather than merged. */
function checkValues(values: C.PredefinedAttributeValues | undefined): void {
  const list = values?.StringList ?? [];
  const seen = new Set<string>();
  for (const v of list) {
    if (seen.has(v)) throw new BadRequest(`Values: ${JSON.stringify(v)} is listed more than once`);
    seen.add(v);
  }
}

export async function createPredefinedAttribute(w: Work, p: Partition, instanceId: string, name: string, params: PredefinedAttributeParams): Promise<void> {
  if (await w.tx.get(p, PREDEFINED_ATTRIBUTE, instanceId, name)) {
    throw duplicate(`A predefined attribute named ${JSON.stringify(name)} already exists in this instance`);
  }
  checkValues(params.Values);
  await saveStamped(w, p, PREDEFINED_ATTRIBUTE, instanceId, {
    id: name,
    data: {
      Name: name,
      Values: params.Values,
      Purposes: params.Purposes,
      // made through the API, so never read-only (those are the ones Amazon Connect owns)
      AttributeConfiguration: { EnableValueValidationOnAssociation: params.AttributeConfiguration?.EnableValueValidationOnAssociation ?? false, IsReadOnly: false },
    },
  });
}

/** Values and Purposes replace the old lists; AttributeConfiguration changes what it names. */
export async function updatePredefinedAttribute(w: Work, p: Partition, instanceId: string, name: string, change: PredefinedAttributeParams): Promise<void> {
  if (change.Values === undefined && change.Purposes === undefined && change.AttributeConfiguration === undefined) {
    throw new BadRequest('Nothing to update: give Values, Purposes or AttributeConfiguration');
  }
  const rec = await getPredefinedAttribute(w, p, instanceId, name);
  const { data } = rec;
  checkValues(change.Values);
  if (change.Values !== undefined) data.Values = change.Values;
  if (change.Purposes !== undefined) data.Purposes = change.Purposes;
  if (change.AttributeConfiguration !== undefined) data.AttributeConfiguration = { ...data.AttributeConfiguration, ...change.AttributeConfiguration };
  await saveStamped(w, p, PREDEFINED_ATTRIBUTE, instanceId, rec);
}

export async function deletePredefinedAttribute(w: Work, p: Partition, instanceId: string, name: string): Promise<void> {
  if (!(await w.tx.delete(p, PREDEFINED_ATTRIBUTE, instanceId, name))) throw notFound('Predefined attribute', name);
}
