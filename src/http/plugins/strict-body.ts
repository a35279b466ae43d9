import type { FastifyRequest } from 'fastify';
import { Compile } from 'typebox/compile';

/**
 * Fastify's ajv coerces types (coerceTypes: 'array'), which querystrings and path parameters need ("?limit=5" is a
 * string), but which would let a JSON body through with wrong types: {"name": 123} as "123", {"phone": ["+1..."]}
 * as "+1...". This preValidation hook checks JSON bodies against the route's body schema without any coercion
 * first, so a wrong type is a 400 like any other invalid body; ajv then validates as usual.
 */

type Validator = ReturnType<typeof Compile>;
const compiled = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    validator = Compile(schema as Parameters<typeof Compile>[0]);
    compiled.set(schema, validator);
  }
  return validator;
}

export async function strictJsonBody(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema?.body;
  if (schema === undefined || schema === null || typeof schema !== 'object' || request.body === undefined) return;
  const validator = validatorFor(schema);
  if (validator.Check(request.body)) return;
  const errors = [...validator.Errors(request.body)].filter((e) => e.keyword !== 'boolean');
  const first = errors[0];
  const where = first === undefined || first.instancePath === '' ? 'body' : `body${first.instancePath}`;
  const error = Object.assign(new Error(`${where} ${first?.message ?? 'does not match the schema'}`), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validation: errors,
    validationContext: 'body',
  });
  throw error;
}
