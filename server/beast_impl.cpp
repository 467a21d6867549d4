// The one translation unit that compiles Asio, Asio's SSL glue and Beast
// (BOOST_*_SEPARATE_COMPILATION is set for every target through sirkel_asio). Every other file
// only includes their declarations, which keeps a rebuild on 2 cores in seconds, not minutes.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
