"""The demo province's catalogue: its departments, in the order they are created and drawn (the sample
department first, then the provincial departments, then the communes), and the demo accounts."""

from typing import Final

from accounts.models import Role
from departments.models import Department
from sampledata.demo_agencies_services import SERVICE_AGENCIES
from sampledata.demo_agencies_state import STATE_AGENCIES
from sampledata.demo_agency import OFFICE, Agency

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

COMMUNE_FIELDS = {
    "Hộ tịch": (
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Đăng ký nhận cha, mẹ, con",
        "Đăng ký giám hộ",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "Cấp giấy xác nhận tình trạng hôn nhân",
        "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ "
        "em dưới 6 tuổi",
    ),
    "Chứng thực": (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "Chứng thực di chúc",
        "Chứng thực văn bản thỏa thuận phân chia di sản",
    ),
    "Bảo trợ xã hội": (
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    ),
    "Người có công": (
        "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
        "Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ",
    ),
    "Đất đai": ("Hòa giải tranh chấp đất đai",),
    "Thi đua, khen thưởng": ("Tặng giấy khen của Chủ tịch UBND cấp xã",),
}


AGENCIES: Final = (
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
    *(
        Agency(
            code,
            name,
            COMMUNE_FIELDS,
            kind=Department.Kind.COMMUNE,
            daily=0.08,
            online=0.05,
            online_growth=0.04,
        )
        for code, name in (
            ("XA-TANPHU", "UBND xã Tân Phú"),
            ("XA-HOABINH", "UBND xã Hòa Bình"),
            ("XA-PHUOCHUNG", "UBND xã Phước Hưng"),
            ("XA-ANTHANH", "UBND xã An Thạnh"),
        )
    ),
)

DEMO_USERS: Final = (
    # username, role, tên, họ và tên đệm, department codes
    ("admin", Role.ADMINISTRATOR, "Bảo", "Trần Quốc", ()),
    ("leader", Role.LEADER, "Hùng", "Lê Văn", ()),
    ("inspector", Role.INSPECTOR, "Hà", "Phạm Thị Thu", ()),
    ("staff_stttt", Role.STAFF, "Lan", "Nguyễn Thị", ("STTTT",)),
    ("staff_sxd", Role.STAFF, "Tuấn", "Hoàng Minh", ("SXD",)),
)
