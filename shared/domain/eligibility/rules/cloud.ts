import type { Cloud, Customer, Partner } from '../../directory.js';
import { block, type Reason } from '../../reasons.js';

const CLOUD_NAMES: Record<Cloud, string> = {
  public: 'public (commercial) cloud',
  usgov: 'US Government cloud',
  china: '21Vianet (China) cloud',
};

/** Rule 10: partner and customer must share a cloud the relay serves; a customer without a cloud is public. */
export function checkClouds(partner: Partner, customer: Customer): Reason | undefined {
  const customerCloud = customer.cloud ?? 'public';
  if (partner.cloud === 'china' || customerCloud === 'china') {
    return block(
      'UNSUPPORTED_CLOUD',
      `Microsoft Azure operated by 21Vianet is not served: the ${partner.cloud === 'china' ? 'partner' : 'customer'} tenant is in the ${CLOUD_NAMES.china}.`,
      'Open the request through the 21Vianet support channel directly.',
    );
  }
  if (partner.cloud !== customerCloud) {
    return block(
      'CLOUD_MISMATCH',
      `The partner tenant is in the ${CLOUD_NAMES[partner.cloud]} but customer ${customer.name} is in the ${CLOUD_NAMES[customerCloud]}; a partner can only file in its own cloud.`,
      `Submit it from the partner account in the ${CLOUD_NAMES[customerCloud]} (US Government uses a separate Partner Center account).`,
    );
  }
  return undefined;
}
