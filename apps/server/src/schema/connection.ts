/**
 * Relay connection types, one `<Node>Connection` and `<Node>Edge` per listed entity, made by one factory so
 * they cannot drift apart.
 */
import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Page } from '../db/page.js';
import { PageInfo } from './page-info.type.js';

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function connectionOf<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows matching the filter, on all pages.' })
    totalCount!: number;
  }
  return Connection;
}

/** Maps a page of rows through an entity mapper into the connection shape. */
export function toConnection<R, T>(page: Page<R>, map: (row: R) => T): ConnectionShape<T> {
  return {
    edges: page.rows.map((row, i) => ({ cursor: page.cursors[i]!, node: map(row) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    totalCount: page.totalCount,
  };
}
