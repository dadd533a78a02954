# The curves of `make bench-scale`: build time, index size, peak RSS and
# median query latency against the corpus size, log-log, one line per tool.
#   gnuplot -e "dir='build/bench-scale'" tests/bench/scale.gp
# Reads dir/tools and dir/curve-TOOL.dat (tests/bench/scale-report.py);
# writes dir/scale.svg.
if (!exists("dir")) dir = "build/bench-scale"
tools = system("cat '" . dir . "/tools'")
set terminal svg size 960,720 dynamic font "sans,11" background "white"
set output dir . "/scale.svg"
set logscale xy
set grid
set key top left
set xlabel "corpus (MB)"
set multiplot layout 2,2 title "rubric and its peers against the corpus size (log-log)"
file(t) = dir . "/curve-" . t . ".dat"
set title "full build"
set ylabel "seconds"
plot for [t in tools] file(t) using 1:2 with linespoints title t
set title "index size"
set ylabel "MB"
plot for [t in tools] file(t) using 1:3 with linespoints title t
set title "peak RSS while building"
set ylabel "MB"
plot for [t in tools] file(t) using 1:4 with linespoints title t
set title "query, median"
set ylabel "ms"
plot for [t in tools] file(t) using 1:5 with linespoints title t
unset multiplot
