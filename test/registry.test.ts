import Module from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { inAzureHost } from '../shared/registry.js';

type RequireFn = (this: unknown, id: string) => unknown;
const proto = Module.prototype as unknown as { require: RequireFn };
const original = proto.require;

/**
 * In Azure the Node worker makes `@azure/functions-core` requirable by wrapping `Module.prototype.require` in a Proxy
 * (azure-functions-nodejs-worker, setupCoreModule); nothing is on disk. The registry must see it that way, or no
 * function would be registered in Azure while everything passes locally.
 */
describe('registry: detecting the Azure Functions host', () => {
  afterEach(() => {
    proto.require = original;
  });

  it('when the worker provides @azure/functions-core through require, then the registry knows it runs in Azure', () => {
    proto.require = new Proxy(original, {
      apply: (target, thisArg, args: [string]) =>
        args[0] === '@azure/functions-core' ? { registerFunction: () => undefined } : Reflect.apply(target, thisArg, args),
    });
    expect(inAzureHost()).toBe(true);
  });

  it('when no worker is present (local host, tests), then it does not', () => {
    expect(inAzureHost()).toBe(false);
  });
});
