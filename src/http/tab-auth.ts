import type { JWTVerifyGetKey } from 'jose';

/** jose is loaded at the first tab request, not at start (it is a good part of a second to load). */
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = (): Promise<typeof import('jose')> => (jose ??= import('jose'));

/** The signed-in user of the tab, from a verified Entra ID single sign-on token. */
export interface TabUser {
  oid: string;
  tid: string;
  name: string;
}

export class TabAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TabAuthError';
  }
}

export interface TabAuthOptions {
  /** The Entra app id of the tab's SSO registration (webApplicationInfo.id). */
  appId: string;
  /** The public host name, for the application id URI api://<host>/<appId>. */
  host?: string;
  /** Tenants whose users may use the tab. */
  allowedTenants: string[];
  /** The keys that sign tokens; Entra ID's published keys by default (tests pass a local key set). */
  keys?: JWTVerifyGetKey;
}

const ENTRA_KEYS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/**
 * Verifies the token Teams gives the tab (authentication.getAuthToken()): its signature against the Entra ID
 * keys, its issuer (v1 or v2 endpoint of the token's own tenant), its audience (our app id or application id
 * URI), its lifetime, and that the tenant is on the allow list.
 */
export class TabAuth {
  private keys: JWTVerifyGetKey | undefined;
  private readonly audiences: string[];

  constructor(private readonly options: TabAuthOptions) {
    this.keys = options.keys;
    this.audiences = [options.appId, `api://${options.appId}`, ...(options.host ? [`api://${options.host}/${options.appId}`] : [])];
  }

  async verify(authorization: string | undefined): Promise<TabUser> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new TabAuthError('Geen aanmeldtoken meegestuurd.');
    const { createRemoteJWKSet, errors, jwtVerify } = await loadJose();
    this.keys ??= createRemoteJWKSet(new URL(ENTRA_KEYS));
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { audience: this.audiences, algorithms: ['RS256'], clockTolerance: 60 }));
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? 'verlopen' : 'ongeldig';
      throw new TabAuthError(`Het aanmeldtoken is ${reason}.`);
    }
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    const issuers = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
    if (!tid || !issuers.includes(String(payload.iss))) throw new TabAuthError('Het aanmeldtoken komt niet van Entra ID voor deze tenant.');
    if (!this.options.allowedTenants.includes(tid)) throw new TabAuthError('Deze organisatie mag Adviesbot niet gebruiken.');
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    if (!oid) throw new TabAuthError('Het aanmeldtoken noemt geen gebruiker.');
    return { oid, tid, name: typeof payload.name === 'string' ? payload.name : 'lid' };
  }
}
