/**
 * A parsed JSON body as the tests read it: straight into `expect`, field by field (`res.body.items[0].id`), where a
 * missing or misshapen field fails the assertion. Typing every answer of the admin API and of OpenAI's request here
 * would duplicate the route schemas for no extra check, so this one alias is the only `any` the tests use.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: assertions do the checking
export type JsonBody = any;
