// Users, groups and containers known to the replay: from the snapshot, then
// from useradded/userdeleted/groupadded/groupdeleted meta events. Lookups are
// per container ('' is the host), with no fallback from a container to the
// host, as libsinsp's sinsp_usergroup_manager.
import type { ContainerInfo, GroupInfo, UserInfo } from '../capture/model.js';

export class UserTable {
  private readonly users = new Map<string, Map<number, UserInfo>>();
  private readonly groups = new Map<string, Map<number, GroupInfo>>();
  private readonly containers = new Map<string, ContainerInfo>();

  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.containers.clear();
  }

  addUser(u: UserInfo): void {
    let m = this.users.get(u.container);
    if (m === undefined) this.users.set(u.container, (m = new Map()));
    m.set(u.uid, u);
  }

  removeUser(container: string, uid: number): void {
    this.users.get(container)?.delete(uid);
  }

  addGroup(g: GroupInfo): void {
    let m = this.groups.get(g.container);
    if (m === undefined) this.groups.set(g.container, (m = new Map()));
    m.set(g.gid, g);
  }

  removeGroup(container: string, gid: number): void {
    this.groups.get(container)?.delete(gid);
  }

  addContainer(c: ContainerInfo): void {
    this.containers.set(c.id, c);
  }

  /** Every user, group and container known now (for a store that outlives the replay). */
  contents(): { users: UserInfo[]; groups: GroupInfo[]; containers: ContainerInfo[] } {
    return {
      users: [...this.users.values()].flatMap((m) => [...m.values()]),
      groups: [...this.groups.values()].flatMap((m) => [...m.values()]),
      containers: [...this.containers.values()],
    };
  }

  user(uid: number, containerId: string): UserInfo | undefined {
    return this.users.get(containerId)?.get(uid);
  }

  group(gid: number, containerId: string): GroupInfo | undefined {
    return this.groups.get(containerId)?.get(gid);
  }

  container(id: string): ContainerInfo | undefined {
    return this.containers.get(id);
  }
}
