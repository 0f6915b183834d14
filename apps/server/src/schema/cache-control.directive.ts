/**
 * Apollo's `@cacheControl` directive, declared so the SDL states it: types whose values belong to the entity
 * holding them carry `@cacheControl(inheritMaxAge: true)`; entity fields set their hints in resolvers
 * (resolvers/cache-hint.ts).
 */
import {
  DirectiveLocation,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInt,
  specifiedDirectives,
} from 'graphql';

const CacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  values: { PUBLIC: {}, PRIVATE: {} },
});

export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  locations: [
    DirectiveLocation.FIELD_DEFINITION,
    DirectiveLocation.OBJECT,
    DirectiveLocation.INTERFACE,
    DirectiveLocation.UNION,
  ],
  args: {
    maxAge: { type: GraphQLInt },
    scope: { type: CacheControlScope },
    inheritMaxAge: { type: GraphQLBoolean },
  },
});

/** GraphQL's own directives and @cacheControl. */
export const schemaDirectives = [...specifiedDirectives, cacheControlDirective];

/** For types whose value is part of the entity that holds it (an interval, a cell, a provenance record). */
export const INHERIT_CACHE_HINT = '@cacheControl(inheritMaxAge: true)';
