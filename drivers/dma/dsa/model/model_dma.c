/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA: the model touches memory only through the translate callback, in
 * chunks that the IOMMU maps contiguously. An access outside a mapping
 * becomes a page fault in the result (status 0x03, or 0x04 when the
 * descriptor asked to block on fault and the retried translation - the page
 * request - still fails), never a stray access.
 */
#include <errno.h>
#include <string.h>

#include "model_priv.h"

int
model_dma_xlate_checked(struct model_ctx *c, uint64_t iova, uint64_t len, unsigned int access,
			void **host, uint64_t *contig)
{
	uint64_t lim;
	int rc, tries = c->bof ? 2 : 1;

	if (iova + len < iova)
		len = 0 - iova; /* stop at the top of the address space */
	do {
		rc = model_inject_check(c, iova, len, access, &lim);
		if (rc == 0)
			rc = model_dma_xlate_once(c, iova, lim, access, host, contig);
	} while (rc < 0 && --tries > 0);
	return rc;
}

void
model_fault_result(struct model_ctx *c, struct model_result *r, uint64_t addr,
		   unsigned int access, uint64_t bytes_done, int err)
{
	(void)err;
	r->status = c->bof ? DSA_COMP_PAGE_FAULT_IR : DSA_COMP_PAGE_FAULT_NOBOF;
	if (access & DSA_MODEL_DMA_WRITE)
		r->status |= DSA_COMP_STATUS_WRITE;
	r->bytes = (uint32_t)bytes_done;
	r->fault_addr = addr;
}

static int
copy_dma(struct model_ctx *c, uint64_t iova, void *buf, uint64_t len, unsigned int access,
	 struct model_result *r, uint64_t bytes_done)
{
	uint64_t off = 0, contig;
	void *host;
	int rc;

	while (off < len) {
		rc = model_dma_xlate(c, iova + off, len - off, access, &host, &contig);
		if (rc < 0) {
			model_fault_result(c, r, iova + off, access, bytes_done, rc);
			return -1;
		}
		if (access & DSA_MODEL_DMA_WRITE)
			memcpy(host, (uint8_t *)buf + off, contig);
		else
			memcpy((uint8_t *)buf + off, host, contig);
		off += contig;
	}
	return 0;
}

int
model_dma_read(struct model_ctx *c, uint64_t iova, void *buf, uint64_t len,
	       struct model_result *r, uint64_t bytes_done)
{
	return copy_dma(c, iova, buf, len, DSA_MODEL_DMA_READ, r, bytes_done);
}

int
model_dma_write(struct model_ctx *c, uint64_t iova, const void *buf, uint64_t len,
		struct model_result *r, uint64_t bytes_done)
{
	return copy_dma(c, iova, (void *)(uintptr_t)buf, len, DSA_MODEL_DMA_WRITE, r,
			bytes_done);
}

/* Start offset of a descending chunk ending at @end: no span crosses a page. */
static uint64_t
chunk_start_down(const struct model_span *spans, unsigned int n, uint64_t end)
{
	uint64_t start = 0, last, page;
	unsigned int i;

	for (i = 0; i < n; i++) {
		last = spans[i].iova + end - 1;
		page = last & ~(uint64_t)(MODEL_PAGE_SIZE - 1);
		if (page > spans[i].iova && page - spans[i].iova > start)
			start = page - spans[i].iova;
	}
	return start;
}

int
model_dma_walk(struct model_ctx *c, const struct model_span *spans, unsigned int n,
	       uint64_t size, bool descending, model_chunk_fn fn, void *arg,
	       struct model_result *r)
{
	void *host[3];
	uint64_t done = 0, start, len, contig;
	unsigned int i;
	int rc;

	if (atomic_load_explicit(&c->m->fault_after_armed, memory_order_relaxed) ||
	    atomic_load_explicit(&c->m->fault_every, memory_order_relaxed))
		model_inject_claim(c, spans, n);
	while (done < size) {
		start = descending ? chunk_start_down(spans, n, size - done) : done;
		len = descending ? size - done - start : size - done;
		for (i = 0; i < n; i++) {
			rc = model_dma_xlate(c, spans[i].iova + start, len, spans[i].access,
					     &host[i], &contig);
			if (rc < 0) {
				model_fault_result(c, r, spans[i].iova + start, spans[i].access,
						   done, rc);
				return -1;
			}
			if (contig < len) {
				if (descending) {
					/* the chunk is a page: part of it is missing */
					model_fault_result(c, r, spans[i].iova + start + contig,
							   spans[i].access, done, -EFAULT);
					return -1;
				}
				len = contig;
			}
		}
		rc = fn(arg, host, len, start, r);
		if (rc != 0)
			return rc;
		done += len;
	}
	return 0;
}
