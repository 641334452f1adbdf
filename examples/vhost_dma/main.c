/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dsa-vhost-dma: a vhost-user backend that moves guest traffic with a DMA engine.
 *
 *   dsa-vhost-dma [EAL options] -- --socket-file PATH [--socket-file PATH ...]
 *       --dmas [txd0@DMADEV,rxd0@DMADEV,...] [--queues N] [--fwd loop|pair]
 *       [--client] [--stats-period SECONDS]
 *
 * Every socket is one port. Packets a guest sends on queue pair q come back to it on
 * queue pair q (--fwd loop), or go to the other port of its pair (--fwd pair: ports 0 and
 * 1, 2 and 3...). Both copies of a packet (out of the sender's memory, into the receiver's)
 * run on the dmadevs given by --dmas, through the vhost library's asynchronous data path.
 * SIGINT or SIGTERM stops it: in-flight packets are drained, channels unregistered, and
 * the final statistics printed.
 */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_mbuf.h>

#include "example_args.h"
#include "vhost_dma.h"

/* Mbufs per queue pair: a full guest ring in flight each way, with room to spare. */
#define MBUFS_PER_QUEUE 4096
#define MBUF_CACHE 256

struct backend backend;

static unsigned int stats_period;

static void
usage(const char *prog)
{
	printf("usage: %s [EAL options] -- --socket-file PATH [--socket-file PATH ...]\n"
		"           --dmas [txd0@DMADEV,rxd0@DMADEV,...] [--queues N] [--fwd loop|pair]\n"
		"           [--client] [--stats-period SECONDS]\n"
		"  --socket-file PATH  a vhost-user socket, one port each (at most %d)\n"
		"  --dmas LIST         dmadev per port and direction: txd<port>[.<queue>]@NAME\n"
		"                      copies into the guest, rxd<port>[.<queue>]@NAME out of it\n"
		"  --queues N          queue pairs offered per port (default 1, at most %d)\n"
		"  --fwd loop|pair     back to the sender (default), or between ports 2k, 2k+1\n"
		"  --client            connect to the sockets instead of creating them\n"
		"  --stats-period S    print statistics every S seconds (default: only at exit)\n",
		prog, MAX_PORTS, MAX_QUEUES);
}

static int
parse_option(struct backend *be, int opt, const char *arg)
{
	switch (opt) {
	case 's':
		if (be->nb_ports == MAX_PORTS) {
			fprintf(stderr, "at most %d --socket-file\n", MAX_PORTS);
			return -E2BIG;
		}
		if (strlen(arg) >= sizeof(be->ports[0].path)) {
			fprintf(stderr, "socket path too long: %s\n", arg);
			return -ENAMETOOLONG;
		}
		strcpy(be->ports[be->nb_ports].path, arg);
		be->ports[be->nb_ports].index = be->nb_ports;
		be->nb_ports++;
		return 0;
	case 'd':
		return dma_parse_map(be, arg);
	case 'q':
		if (example_parse_uint(arg, 1, MAX_QUEUES, &be->nb_queues) == 0)
			return 0;
		fprintf(stderr, "bad --queues '%s' (1..%d)\n", arg, MAX_QUEUES);
		return -EINVAL;
	case 'f':
		if (strcmp(arg, "loop") == 0 || strcmp(arg, "pair") == 0) {
			be->pair = strcmp(arg, "pair") == 0;
			return 0;
		}
		fprintf(stderr, "bad --fwd '%s' (loop or pair)\n", arg);
		return -EINVAL;
	case 'c':
		be->client = true;
		return 0;
	case 'p':
		if (example_parse_uint(arg, 0, 3600, &stats_period) == 0)
			return 0;
		fprintf(stderr, "bad --stats-period '%s' (0..3600)\n", arg);
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

static int
parse_args(struct backend *be, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket-file", required_argument, NULL, 's' },
		{ "dmas", required_argument, NULL, 'd' },
		{ "queues", required_argument, NULL, 'q' },
		{ "fwd", required_argument, NULL, 'f' },
		{ "client", no_argument, NULL, 'c' },
		{ "stats-period", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	be->nb_queues = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'h' || opt == '?' || parse_option(be, opt, optarg) < 0) {
			usage(argv[0]);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (be->nb_ports == 0) {
		fprintf(stderr, "no --socket-file given\n");
		return -EINVAL;
	}
	if (be->pair && be->nb_ports % 2 != 0) {
		fprintf(stderr, "--fwd pair needs an even number of ports\n");
		return -EINVAL;
	}
	return 0;
}

static void
on_signal(int sig)
{
	RTE_SET_USED(sig);
	backend.quit = true;
}

static void
print_stats(void)
{
	port_print_stats(&backend, stdout);
	dma_print_stats(&backend, stdout);
	fflush(stdout);
}

static int
launch_workers(struct backend *be)
{
	unsigned int lcore;

	RTE_LCORE_FOREACH_WORKER(lcore)
		be->workers[be->nb_workers++].lcore = lcore;
	if (be->nb_workers == 0) {
		fprintf(stderr, "no worker lcore: give EAL two lcores or more (-l 0-1)\n");
		return -EINVAL;
	}
	fwd_build_streams(be);
	for (unsigned int i = 0; i < be->nb_workers; i++)
		rte_eal_remote_launch(fwd_worker_main, &be->workers[i], be->workers[i].lcore);
	return 0;
}

/* The main lcore only waits for a signal and prints statistics. */
static void
control_loop(void)
{
	uint64_t hz = rte_get_timer_hz();
	uint64_t next = rte_get_timer_cycles() + stats_period * hz;

	while (!backend.quit) {
		usleep(100 * 1000);
		if (stats_period != 0 && rte_get_timer_cycles() >= next) {
			print_stats();
			next += stats_period * hz;
		}
	}
}

static int
backend_main(struct backend *be)
{
	unsigned int nb_mbufs = RTE_MAX(8192u, be->nb_ports * be->nb_queues * MBUFS_PER_QUEUE);
	int ret;

	be->pool = rte_pktmbuf_pool_create("vhost_dma_mbufs", nb_mbufs, MBUF_CACHE, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (be->pool == NULL) {
		fprintf(stderr, "cannot create a pool of %u mbufs: %s\n", nb_mbufs,
			rte_strerror(rte_errno));
		return -ENOMEM;
	}
	ret = dma_start_all(be);
	if (ret < 0)
		goto free_pool;
	ret = launch_workers(be);
	if (ret < 0)
		goto stop_dma;
	ret = port_start_all(be);
	if (ret == 0) {
		printf("forwarding (%s), Ctrl-C to stop\n", be->pair ? "pair" : "loop");
		fflush(stdout);
		control_loop();
	}
	be->quit = true;
	rte_eal_mp_wait_lcore();
	if (ret == 0)
		port_stop_all(be);
	printf("final statistics\n");
	print_stats();
stop_dma:
	dma_stop_all(be);
free_pool:
	rte_mempool_free(be->pool);
	return ret;
}

int
main(int argc, char **argv)
{
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "cannot initialise EAL: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	ret = parse_args(&backend, argc, argv);
	if (ret == 0)
		ret = backend_main(&backend);
	rte_eal_cleanup();
	return ret == 0 ? 0 : 1;
}
