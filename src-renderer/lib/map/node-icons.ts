/** One icon a node type, so a database, a queue and an outside host are told apart without colour. */
import Database from '@lucide/svelte/icons/database';
import Globe from '@lucide/svelte/icons/globe';
import MessagesSquare from '@lucide/svelte/icons/messages-square';
import Server from '@lucide/svelte/icons/server';
import type { MapNode } from '../../../src-main/model/api';

export const NODE_ICONS: Record<MapNode['type'], typeof Server> = { service: Server, database: Database, messaging: MessagesSquare, external: Globe };
