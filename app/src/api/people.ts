// Customers and organizations for their screens, and merging (two customers, two tickets).
// Apart from queries.ts so the people screens' code stays in their lazy bundle.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, qs } from './client';
import { keys } from './queries';
import type { Answer, AuditEntry, BodyOf, Customer, CustomerDetail, Organization, OrganizationDetail, Page, Ticket, TicketDetail } from './types';

export type { CustomerDetail, Organization, OrganizationDetail, OrganizationRef } from './types';

/** A customer as the list answers it (no tickets). */
export type CustomerSummary = Customer;

/** What PATCH /customers/{id} takes. */
export type CustomerChanges = BodyOf<'/customers/{id}', 'patch'>;

export const peopleKeys = {
  customers: ['customers'] as const,
  customerList: (q: string, organizationId?: number) => ['customers', 'list', q, organizationId ?? null] as const,
  customerHistory: (id: number) => ['customers', 'history', id] as const,
  organizations: ['organizations'] as const,
  organizationList: (q: string) => ['organizations', 'list', q] as const,
  organization: (id: number) => ['organizations', 'one', id] as const,
  /** Under ['tickets', 'list'] so live events refresh them like every ticket list. */
  ticketsOf: (filter: { customerId?: number; organizationId?: number }) => ['tickets', 'list', 'people', filter] as const,
};

const PAGE = 25;

function pages<T>(queryKey: readonly unknown[], path: (cursor: string | null) => string, enabled = true) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => get<Page<T>>(path(pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export const useCustomerList = (q: string, organizationId?: number) =>
  pages<CustomerSummary>(peopleKeys.customerList(q, organizationId), (cursor) => `/customers${qs({ q: q || undefined, organizationId, limit: PAGE, cursor })}`);

/** Customers who may be this one (the same number on another channel, the same name), to offer a merge. */
export const useCustomerMatches = (id: number) =>
  useQuery({ queryKey: ['customers', 'matches', id] as const, queryFn: () => get<Answer<'/customers/{id}/matches'>>(`/customers/${id}/matches`), select: (d) => d.items });

export const useCustomerDetail = (id: number) => useQuery({ queryKey: keys.customer(id), queryFn: () => get<CustomerDetail>(`/customers/${id}`) });

export const useCustomerHistory = (id: number) =>
  pages<AuditEntry>(peopleKeys.customerHistory(id), (cursor) => `/customers/${id}/history${qs({ limit: 20, cursor })}`);

/** Every ticket of a customer or an organization the agent may see, on every channel and in every status, newest first. */
export const useTicketsOf = (filter: { customerId?: number; organizationId?: number }) =>
  pages<Ticket>(peopleKeys.ticketsOf(filter), (cursor) => `/tickets${qs({ ...filter, view: 'all', sort: '-created', limit: PAGE, cursor })}`);

export const useOrganizationList = (q: string) =>
  pages<Organization>(peopleKeys.organizationList(q), (cursor) => `/organizations${qs({ q: q || undefined, limit: 100, cursor })}`);

export const useOrganization = (id: number) => useQuery({ queryKey: peopleKeys.organization(id), queryFn: () => get<OrganizationDetail>(`/organizations/${id}`) });

function useRefresh() {
  const client = useQueryClient();
  return (...queryKeys: ReadonlyArray<readonly unknown[]>) => {
    for (const queryKey of queryKeys) void client.invalidateQueries({ queryKey });
  };
}

export function useSaveCustomer(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (changes: CustomerChanges) => patch<CustomerDetail>(`/customers/${id}`, changes),
    onSuccess: () => refresh(peopleKeys.customers, peopleKeys.organizations, keys.tickets),
  });
}

/** Merges `sourceId` into the customer `id`; answers the survivor. */
export function useMergeCustomers(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (sourceId: number) => post<CustomerDetail>(`/customers/${id}/merge`, { sourceId }),
    onSuccess: () => refresh(peopleKeys.customers, peopleKeys.organizations, keys.tickets),
  });
}

export function useSaveOrganization(id?: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { name?: string; domain?: string | null }) => (id ? patch<OrganizationDetail>(`/organizations/${id}`, body) : post<Organization>('/organizations', body)),
    onSuccess: () => refresh(peopleKeys.organizations, peopleKeys.customers),
  });
}

/** Merges the ticket `sourceId` into `targetId` (a ticket of the same customer); answers the target. */
export function useMergeTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ sourceId, targetId }: { sourceId: number; targetId: number }) => post<TicketDetail>(`/tickets/${sourceId}/merge`, { targetId }),
    onSuccess: (target, { sourceId }) => {
      client.setQueryData(keys.ticket(target.id), target);
      for (const queryKey of [keys.ticket(sourceId), keys.history(sourceId), keys.history(target.id), keys.tickets, keys.counts, peopleKeys.customers]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
