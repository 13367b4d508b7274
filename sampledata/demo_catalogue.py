"""The demo province's catalogue: its departments, in the order they are created and drawn (the sample
department first, then the provincial departments, those of the 2025 reorganisation, the districts and
the communes), and the demo accounts."""

from dataclasses import replace
from typing import Final

from accounts.models import Role
from sampledata.demo_agencies_services import SERVICE_AGENCIES
from sampledata.demo_agencies_state import STATE_AGENCIES
from sampledata.demo_agency import OFFICE, Agency
from sampledata.demo_reorganisation import AGENCIES_END, ENDED_AGENCIES, SUCCESSOR_AGENCIES, local_units

STTTT_FIELDS = {
    "Báo chí": (
        "Cho phép họp báo (trong nước)",
        "Cho phép họp báo (nước ngoài)",
        "Cấp giấy phép xuất bản bản tin (trong nước)",
        "Cấp giấy phép xuất bản bản tin (nước ngoài)",
        "Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin (trong nước)",
        "Trưng bày tranh, ảnh và các hình thức thông tin khác bên ngoài trụ sở cơ quan đại diện nước ngoài, "
        "tổ chức nước ngoài",
    ),
    "Xuất bản, In và Phát hành": (
        "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "Cấp giấy phép hoạt động in",
        "Cấp lại giấy phép hoạt động in",
        "Cấp đổi giấy phép hoạt động in",
        "Đăng ký hoạt động cơ sở in",
        "Thay đổi thông tin đăng ký hoạt động cơ sở in",
        "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
        "Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "Cấp lại giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "Cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
        "Cấp giấy phép nhập khẩu thiết bị in",
        "Đăng ký sử dụng máy photocopy màu, máy in có chức năng photocopy màu",
        "Chuyển nhượng máy photocopy màu, máy in có chức năng photocopy màu",
        "Cấp giấy phép in gia công xuất bản phẩm cho nước ngoài",
    ),
    "Bưu chính": (
        "giấy phép bưu chính",
        "Cấp văn bản xác nhận thông báo hoạt động bưu chính",
        "Cấp lại văn bản xác nhận thông báo hoạt động bưu chính khi bị mất hoặc hư hỏng không sử dụng được",
    ),
    "Viễn thông và Internet": (
        "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Sửa đổi, bổ sung giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Gia hạn giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Cấp lại giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    ),
    "Phát thanh, truyền hình và thông tin điện tử": (
        "giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "giấy chứng nhận đăng ký thu tín hiệu truyền hình nước ngoài trực tiếp từ vệ tinh",
    ),
}

_AGENCIES: Final = (
    Agency(
        "STTTT",
        "Sở Thông tin và Truyền thông",
        STTTT_FIELDS,
        divisions=(
            *OFFICE,
            ("BCVT", "Phòng Bưu chính, Viễn thông"),
            ("TTBCXB", "Phòng Thông tin, Báo chí, Xuất bản"),
        ),
        units=(("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),),
        daily=0.15,
        online=0.05,
        online_growth=0.05,
        late=0.02,
        dissatisfied=0.02,
    ),
    *STATE_AGENCIES,
    *SERVICE_AGENCIES,
    *SUCCESSOR_AGENCIES,
    *local_units(),
)
# The departments that end with the 2025 reorganisation end on 28/02/2025, sub-units with them.
AGENCIES: Final = tuple(
    replace(agency, valid_to=AGENCIES_END) if agency.code in ENDED_AGENCIES else agency
    for agency in _AGENCIES
)

DEMO_USERS: Final = (
    # username, role, tên, họ và tên đệm, department codes
    ("admin", Role.ADMINISTRATOR, "Bảo", "Trần Quốc", ()),
    ("leader", Role.LEADER, "Hùng", "Lê Văn", ()),
    ("inspector", Role.INSPECTOR, "Hà", "Phạm Thị Thu", ()),
    ("staff_stttt", Role.STAFF, "Lan", "Nguyễn Thị", ("STTTT",)),
    ("staff_sxd", Role.STAFF, "Tuấn", "Hoàng Minh", ("SXD",)),
)
