#include "relayed_server.hpp"

namespace sirkel::test
{

relayed_server::relayed_server(std::string_view mode)
{
    group_ = start_with_group(upstream_);
    entrance_.init_database();
    entrance_.start();
    entrance_.stop();
    relay_.emplace(upstream_.port(), mode, entrance_.port());
}

} // namespace sirkel::test
