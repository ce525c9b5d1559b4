/** The header the gateway sends and the subgraphs require (when SUBGRAPH_SECRET is set): calls only from the gateway. */
export const GATEWAY_SECRET_HEADER = 'x-housing-gateway-secret';
