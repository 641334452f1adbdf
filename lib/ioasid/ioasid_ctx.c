/* SPDX-License-Identifier: BSD-3-Clause */
/* Context: one backend instance, and the choice of that backend. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ioasid_private.h"

static const char *const backend_names[] = {
	[IOASID_BACKEND_AUTO] = "auto",
	[IOASID_BACKEND_IOMMUFD] = "iommufd",
	[IOASID_BACKEND_TYPE1] = "type1",
	[IOASID_BACKEND_EMULATED] = "emulated",
};

const char *
ioasid_backend_name(enum ioasid_backend backend)
{
	if ((unsigned int)backend >= sizeof(backend_names) / sizeof(backend_names[0]))
		return "unknown";
	return backend_names[backend];
}

int
ioasid_backend_parse(const char *name, enum ioasid_backend *backend)
{
	unsigned int i;

	for (i = 0; name != NULL && i < sizeof(backend_names) / sizeof(backend_names[0]); i++) {
		if (strcmp(name, backend_names[i]) == 0) {
			*backend = (enum ioasid_backend)i;
			return 0;
		}
	}
	return ioasid_err(-EINVAL, "unknown backend '%s' (auto, iommufd, type1, emulated)",
		name ? name : "(null)");
}

static const char *
root_of(const char *given, const char *env, const char *fallback)
{
	const char *v;

	if (given != NULL)
		return given;
	v = getenv(env);
	return (v != NULL && v[0] != '\0') ? v : fallback;
}

static bool
dev_node_exists(const char *dev_root, const char *name)
{
	char path[PATH_MAX];

	return ioasid_path(path, sizeof(path), dev_root, "%s", name) == 0 &&
		access(path, F_OK) == 0;
}

int
ioasid_backend_resolve(const struct ioasid_ctx_opts *opts,
		enum ioasid_backend *backend)
{
	const char *dev_root = root_of(opts ? opts->dev_root : NULL,
		IOASID_ENV_DEV_ROOT, "/dev");
	enum ioasid_backend b = opts ? opts->backend : IOASID_BACKEND_AUTO;
	const char *env;
	int rc;

	if ((unsigned int)b > IOASID_BACKEND_EMULATED)
		return ioasid_err(-EINVAL, "invalid backend %d", (int)b);
	env = getenv(IOASID_ENV_BACKEND);
	if (b == IOASID_BACKEND_AUTO && env != NULL && env[0] != '\0') {
		rc = ioasid_backend_parse(env, &b);
		if (rc < 0)
			return ioasid_err(rc, "%s: %s", IOASID_ENV_BACKEND,
				ioasid_last_error());
	}
	if (b == IOASID_BACKEND_AUTO) {
		if (dev_node_exists(dev_root, "iommu") &&
				dev_node_exists(dev_root, "vfio/devices"))
			b = IOASID_BACKEND_IOMMUFD;
		else if (dev_node_exists(dev_root, "vfio/vfio"))
			b = IOASID_BACKEND_TYPE1;
		else
			return ioasid_err(-ENODEV, "no IOMMU backend: neither %s/iommu "
				"with %s/vfio/devices nor %s/vfio/vfio exists",
				dev_root, dev_root, dev_root);
	}
	*backend = b;
	return 0;
}

static const struct ioasid_backend_ops *
backend_ops(enum ioasid_backend b)
{
	switch (b) {
	case IOASID_BACKEND_IOMMUFD:
		return &ioasid_iommufd_ops;
	case IOASID_BACKEND_TYPE1:
		return &ioasid_type1_ops;
	case IOASID_BACKEND_EMULATED:
		return &ioasid_emulated_ops;
	default:
		return NULL;
	}
}

int
ioasid_ctx_open(const struct ioasid_ctx_opts *opts, struct ioasid_ctx **ctxp)
{
	enum ioasid_backend b;
	struct ioasid_ctx *ctx;
	int rc;

	if (ctxp == NULL)
		return ioasid_err(-EINVAL, "ioasid_ctx_open: NULL context pointer");
	rc = ioasid_backend_resolve(opts, &b);
	if (rc < 0)
		return rc;
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return ioasid_err(-ENOMEM, "out of memory");
	ctx->ops = backend_ops(b);
	ctx->fd = -1;
	snprintf(ctx->sysfs_root, sizeof(ctx->sysfs_root), "%s",
		root_of(opts ? opts->sysfs_root : NULL, IOASID_ENV_SYSFS_ROOT, "/sys"));
	snprintf(ctx->dev_root, sizeof(ctx->dev_root), "%s",
		root_of(opts ? opts->dev_root : NULL, IOASID_ENV_DEV_ROOT, "/dev"));
	pthread_mutex_init(&ctx->lock, NULL);
	rc = ctx->ops->ctx_open ? ctx->ops->ctx_open(ctx) : 0;
	if (rc < 0) {
		pthread_mutex_destroy(&ctx->lock);
		free(ctx);
		return rc;
	}
	*ctxp = ctx;
	return 0;
}

int
ioasid_ctx_close(struct ioasid_ctx *ctx)
{
	if (ctx == NULL)
		return 0;
	if (ctx->devices != NULL || ctx->ioases != NULL)
		return ioasid_err(-EBUSY, "context still has %s; close them first",
			ctx->devices ? "devices" : "address spaces");
	if (ctx->ops->ctx_close != NULL)
		ctx->ops->ctx_close(ctx);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
	return 0;
}

enum ioasid_backend
ioasid_ctx_backend(const struct ioasid_ctx *ctx)
{
	return ctx->ops->backend;
}
